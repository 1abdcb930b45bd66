// Calls an /api/v1 route handler the way Next.js would: a Request with a bearer token (or none),
// a JSON body, a query string and the route's params; answers the status and the parsed JSON.
export type RouteHandler<Params> = (req: Request, context: { params: Promise<Params> }) => Promise<Response>;
export type RouteJson = Record<string, unknown> & {
  error?: { code: string; message: string; fieldErrors?: Record<string, string[]> };
};
export type RouteCall<Params> = {
  /** The bearer token; null sends no Authorization header. */
  token: string | null;
  /** A raw Authorization header instead of the token's. */
  authorization?: string;
  method?: string;
  params?: Params;
  /** JSON, or a string sent as it is. */
  body?: unknown;
  query?: string;
};

export async function callRoute<Params>(
  handler: RouteHandler<Params>,
  options: RouteCall<Params>,
): Promise<{ status: number; json: RouteJson }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const authorization = options.authorization ?? (options.token === null ? undefined : `Bearer ${options.token}`);
  if (authorization) headers.authorization = authorization;
  const req = new Request(`http://localhost/api/v1/x${options.query ?? ""}`, {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    headers,
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === "string"
          ? options.body
          : JSON.stringify(options.body),
  });
  const response = await handler(req, { params: Promise.resolve(options.params ?? ({} as Params)) });
  return { status: response.status, json: (await response.json()) as RouteJson };
}
