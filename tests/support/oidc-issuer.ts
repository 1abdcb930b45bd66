// GitHub Actions' OIDC issuer for a test file: the fake (tests/fixtures/github/fake-oidc-issuer.ts)
// started before the file's tests and trusted through NIGHTSHIFT_GITHUB_OIDC_ISSUER, stopped after.
import { afterAll, beforeAll } from "vitest";
import { type FakeOidcIssuer, startFakeOidcIssuer } from "../fixtures/github/fake-oidc-issuer";

/** The file's issuer; use it inside tests (it starts in beforeAll). */
export function withFakeOidcIssuer(): FakeOidcIssuer {
  let issuer: FakeOidcIssuer | undefined;
  beforeAll(async () => {
    issuer = await startFakeOidcIssuer();
    process.env.NIGHTSHIFT_GITHUB_OIDC_ISSUER = issuer.url;
  });
  afterAll(async () => {
    delete process.env.NIGHTSHIFT_GITHUB_OIDC_ISSUER;
    await issuer?.close();
  });
  return new Proxy({} as FakeOidcIssuer, {
    get(_target, property) {
      if (!issuer) throw new Error("The fake OIDC issuer starts in beforeAll: use it inside tests.");
      const value = issuer[property as keyof FakeOidcIssuer];
      return typeof value === "function" ? value.bind(issuer) : value;
    },
  });
}
