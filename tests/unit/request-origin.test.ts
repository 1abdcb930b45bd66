import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { withBrowserOrigin } from "@/server/auth/request-origin";

const callback = "http://localhost:3000/api/auth/callback/github?code=abc&state=xyz";

describe("the auth route's request origin", () => {
  it("is the host the browser used, not the server's localhost", () => {
    const req = new NextRequest(callback, { headers: { host: "nightshift.internal:3000" } });
    expect(withBrowserOrigin(req).url).toBe(
      "http://nightshift.internal:3000/api/auth/callback/github?code=abc&state=xyz",
    );
  });

  it("follows a proxy's forwarded host and protocol", () => {
    const req = new NextRequest(callback, {
      headers: {
        host: "127.0.0.1:3000",
        "x-forwarded-host": "nightshift.example.com, proxy.internal",
        "x-forwarded-proto": "https",
      },
    });
    expect(withBrowserOrigin(req).url).toBe(
      "https://nightshift.example.com/api/auth/callback/github?code=abc&state=xyz",
    );
  });

  it("keeps a loopback address as the browser wrote it", () => {
    const req = new NextRequest(callback, { headers: { host: "127.0.0.1:3000" } });
    expect(withBrowserOrigin(req).url).toBe("http://127.0.0.1:3000/api/auth/callback/github?code=abc&state=xyz");
  });

  it("keeps the body of a POST", async () => {
    const req = new NextRequest("http://localhost:3000/api/auth/signout", {
      method: "POST",
      body: "csrfToken=t",
      headers: { host: "box:3000" },
    });
    expect(await withBrowserOrigin(req).text()).toBe("csrfToken=t");
  });
});
