// Where sign-in sends a person: back to the page that sent them, when it is on this server.
import { describe, expect, it } from "vitest";
import { afterSignIn } from "@/server/auth/after-sign-in";

describe("after signing in", () => {
  it("goes back to a path on this server", () => {
    expect(afterSignIn("/slack/link/nsl_abc-123")).toBe("/slack/link/nsl_abc-123");
    expect(afterSignIn("/sessions?filter=mine")).toBe("/sessions?filter=mine");
  });

  it("goes to the sessions, never to another site", () => {
    for (const next of [
      undefined,
      null,
      "",
      "https://evil.example",
      "//evil.example",
      "/\\evil.example",
      "/\t/evil.example",
      "javascript:alert(1)",
      "sessions",
    ])
      expect(afterSignIn(next)).toBe("/sessions");
  });
});
