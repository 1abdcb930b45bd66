// The OpenAPI 3.1 document for /api/v1, served at /api/v1/openapi.json. Request bodies and query
// parameters are generated from the zod schemas the endpoints validate with, so they cannot drift.
import { z } from "zod";
import { APP_ERROR_CODES } from "../errors";
import { repositorySettingsPatch } from "../repositories/schemas";
import { addRepositoryBody, createSessionBody, eventsQuery, listSessionsQuery, sendPromptBody } from "./v1-schemas";

const body = (schema: z.ZodType) => ({
  required: true,
  content: { "application/json": { schema: z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) } },
});

function queryParameters(schema: z.ZodObject) {
  const json = z.toJSONSchema(schema, { io: "input" }) as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    schema: property,
  }));
}

const sessionId = { name: "id", in: "path", required: true, schema: { type: "string" } };
const repositoryId = { name: "id", in: "path", required: true, schema: { type: "string" }, description: "The repository's id" };
const errors = (...codes: Array<keyof typeof APP_ERROR_CODES>) =>
  Object.fromEntries(
    codes.map((code) => [String(APP_ERROR_CODES[code].status), { description: code, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } }]),
  );
const ok = (description: string) => ({ description, content: { "application/json": { schema: { type: "object" } } } });

export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: { title: "Nightshift API", version: "1", description: "Sessions, prompts and their timelines. See docs/api.md." },
    servers: [{ url: "/api/v1" }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "A personal API token (npm run token, or the settings page)." } },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: {
                code: { type: "string", enum: Object.keys(APP_ERROR_CODES) },
                message: { type: "string" },
                fieldErrors: { type: "object", additionalProperties: { type: "array", items: { type: "string" } } },
              },
            },
          },
        },
      },
    },
    paths: {
      "/repositories": {
        get: { summary: "List repositories", responses: { 200: ok("{ repositories }"), ...errors("UNAUTHENTICATED") } },
        post: {
          summary: "Register a local git repository by path",
          requestBody: body(addRepositoryBody),
          responses: { 201: ok("{ repository }"), ...errors("UNAUTHENTICATED", "VALIDATION", "CONFLICT") },
        },
      },
      "/repositories/{id}/settings": {
        get: { summary: "A repository's settings (defaults where none are set)", parameters: [repositoryId], responses: { 200: ok("{ settings }"), ...errors("UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND") } },
        patch: {
          summary: "Change some of a repository's settings; needs write access to it",
          parameters: [repositoryId],
          requestBody: body(repositorySettingsPatch),
          responses: { 200: ok("{ settings }"), ...errors("UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "VALIDATION") },
        },
      },
      "/sessions": {
        get: { summary: "List sessions, newest first", parameters: queryParameters(listSessionsQuery), responses: { 200: ok("{ sessions, nextCursor }"), ...errors("UNAUTHENTICATED", "VALIDATION") } },
        post: {
          summary: "Open a session, optionally with a first prompt",
          requestBody: body(createSessionBody),
          responses: { 201: ok("{ session }"), ...errors("UNAUTHENTICATED", "VALIDATION", "NOT_FOUND", "LIMIT_EXCEEDED") },
        },
      },
      "/sessions/{id}": {
        get: { summary: "A session with its prompts, participants and artifacts", parameters: [sessionId], responses: { 200: ok("{ session, messages, participants, artifacts, lastSeq }"), ...errors("UNAUTHENTICATED", "NOT_FOUND") } },
      },
      "/sessions/{id}/prompts": {
        post: {
          summary: "Queue a prompt; idempotent on clientRequestId",
          parameters: [sessionId],
          requestBody: body(sendPromptBody),
          responses: {
            201: ok("{ message, isDuplicate: false }"),
            200: ok("{ message, isDuplicate: true }: a retry of a prompt already queued"),
            ...errors("UNAUTHENTICATED", "VALIDATION", "NOT_FOUND", "CONFLICT", "LIMIT_EXCEEDED", "PRECONDITION_FAILED"),
          },
        },
      },
      "/sessions/{id}/stop": {
        post: { summary: "Stop the running prompt", parameters: [sessionId], responses: { 200: ok("{ messageId, state }"), ...errors("UNAUTHENTICATED", "NOT_FOUND", "PRECONDITION_FAILED") } },
      },
      "/sessions/{id}/events": {
        get: {
          summary: "The session's timeline after a sequence number, oldest first",
          parameters: [sessionId, ...queryParameters(eventsQuery)],
          responses: { 200: ok("{ events, lastSeq, hasEarlier }"), ...errors("UNAUTHENTICATED", "VALIDATION", "NOT_FOUND") },
        },
      },
    },
  };
}
