/**
 * The request as the browser addressed it. `next start` hands route handlers a URL on
 * `localhost` whatever host the browser used, while next-auth's server actions build URLs from
 * the Host header; an OAuth callback must use the same redirect URI as the sign-in that started
 * it, so the auth route rebuilds its URL from X-Forwarded-Host/Host (trusted: see trustHost).
 * The result is a plain Request: a NextRequest would rewrite 127.0.0.1 back to localhost.
 */
export function withBrowserOrigin(req: Request): Request {
  const host = firstValue(req.headers.get("x-forwarded-host")) ?? firstValue(req.headers.get("host"));
  if (!host) return req;
  const url = new URL(req.url);
  const protocol = firstValue(req.headers.get("x-forwarded-proto")) ?? url.protocol.slice(0, -1);
  const rebuilt = new URL(`${url.pathname}${url.search}`, `${protocol}://${host}`);
  if (rebuilt.href === url.href) return req;
  const init: RequestInit & { duplex: "half" } = {
    method: req.method,
    headers: req.headers,
    body: req.body,
    redirect: req.redirect,
    signal: req.signal,
    duplex: "half",
  };
  return new Request(rebuilt, init);
}

function firstValue(header: string | null): string | undefined {
  return header?.split(",")[0]?.trim() || undefined;
}
