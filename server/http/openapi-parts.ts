// Pieces of the OpenAPI document (./openapi.ts): request bodies and query parameters made from
// zod schemas, path parameters, and the answers shared by every endpoint.
import { z } from "zod";
import { APP_ERROR_CODES } from "../errors";

export const body = (schema: z.ZodType) => ({
  required: true,
  content: { "application/json": { schema: z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) } },
});

export function queryParameters(schema: z.ZodObject) {
  const json = z.toJSONSchema(schema, { io: "input" }) as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    schema: property,
  }));
}

export const sessionId = { name: "id", in: "path", required: true, schema: { type: "string" } };
export const providerSlug = {
  name: "slug",
  in: "path",
  required: true,
  schema: { type: "string" },
  description: "The provider's id: models are <slug>/<model>",
};
export const repositoryId = {
  name: "id",
  in: "path",
  required: true,
  schema: { type: "string" },
  description: "The repository's id",
};
export const errors = (...codes: Array<keyof typeof APP_ERROR_CODES>) =>
  Object.fromEntries(
    codes.map((code) => [
      String(APP_ERROR_CODES[code].status),
      { description: code, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
    ]),
  );
export const ok = (description: string) => ({
  description,
  content: { "application/json": { schema: { type: "object" } } },
});
export const okWith = (description: string, name: string) => ({
  description,
  content: { "application/json": { schema: { $ref: `#/components/schemas/${name}` } } },
});
