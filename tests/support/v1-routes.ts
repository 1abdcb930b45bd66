// Every /api/v1 route handler, read from the route files, for tests that must cover them all.
import { readdir } from "node:fs/promises";
import path from "node:path";

export type RouteHandler = (req: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** "METHOD /api/v1/path/{param}" → its handler. */
export async function v1Routes(): Promise<Record<string, RouteHandler>> {
  const root = path.resolve("app/api/v1");
  const files = (await readdir(root, { recursive: true })).filter((file) => file.endsWith("route.ts"));
  const routes: Record<string, RouteHandler> = {};
  for (const file of files) {
    const handlers = (await import(path.join(root, file))) as Record<string, unknown>;
    const route = `/api/v1/${path.dirname(file)}`.replace(/\[(\w+)\]/g, "{$1}");
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
      if (typeof handlers[method] === "function") routes[`${method} ${route}`] = handlers[method] as RouteHandler;
    }
  }
  return routes;
}
