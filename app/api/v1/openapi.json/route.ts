// Serves GET /api/v1/openapi.json: the public API's OpenAPI document (no token needed).
import { openApiDocument } from "@/server/http/openapi";

export function GET(): Response {
  return Response.json(openApiDocument());
}
