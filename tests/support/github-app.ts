// A GitHub App for tests: a fresh RSA key pair, the fake GitHub started with the App's public
// key, and the GITHUB_* variables that point the server code at both (read lazily, on first use
// in the test file; restored afterwards).
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { type FakeGithub, startFakeGithub } from "../fixtures/github/fake-github";

export const TEST_APP = { id: "123456", slug: "nightshift-test", webhookSecret: "webhook-secret-for-tests-0123456789" };

export function withFakeGithubApp(): { readonly github: FakeGithub } {
  let github: FakeGithub;
  const names = ["GITHUB_URL", "GITHUB_APP_ID", "GITHUB_APP_PRIVATE_KEY", "GITHUB_APP_SLUG", "GITHUB_APP_WEBHOOK_SECRET"] as const;
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  beforeAll(async () => {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const publicKeyPem = publicKey.export({ type: "spki", format: "pem" }).toString();
    const privateKeyPem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    github = await startFakeGithub({ id: "unused", secret: "unused" }, { app: { id: TEST_APP.id, publicKeyPem, slug: TEST_APP.slug } });
    Object.assign(process.env, {
      GITHUB_URL: github.url,
      GITHUB_APP_ID: TEST_APP.id,
      // As pasted into a one-line variable: newlines written as \n.
      GITHUB_APP_PRIVATE_KEY: privateKeyPem.replaceAll("\n", "\\n"),
      GITHUB_APP_SLUG: TEST_APP.slug,
      GITHUB_APP_WEBHOOK_SECRET: TEST_APP.webhookSecret,
    });
  });
  afterAll(async () => {
    await github?.close();
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });
  return {
    get github() {
      return github;
    },
  };
}
