// Signing in with GitHub, through the whole OAuth flow, against a fake of GitHub on loopback.
import path from "node:path";
import pg from "pg";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../../scripts/lib/app-process";
import { type FakeGithub, startFakeGithub } from "../fixtures/github/fake-github";
import { temporaryDir } from "../support/git-repositories";
import { launchBrowser } from "./support/browser";

const client = { id: "Iv1.0123456789abcdef", secret: "fake-client-secret-0123456789abcdef" };
let github: FakeGithub;
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  github = await startFakeGithub(client);
  const dataDir = path.join(await temporaryDir("nightshift-e2e-"), ".nightshift");
  [app, browser] = await Promise.all([
    startApp({
      dataDir,

      env: {
        GITHUB_CLIENT_ID: client.id,
        GITHUB_CLIENT_SECRET: client.secret,
        GITHUB_URL: github.url,
        NIGHTSHIFT_ALLOWED_GITHUB_ORGS: "acme",
        // Production with GitHub configured needs no development sign-in.
        NIGHTSHIFT_ALLOW_DEV_SIGNIN: "false",
      },
    }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await github?.close();
});

async function usersWithLogin(login: string): Promise<number> {
  const url = new URL(app.databaseUrl() ?? "");
  url.username = "postgres";
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (
      (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE github_login = $1", [login]))
        .rows[0]?.n ?? -1
    );
  } finally {
    await client.end();
  }
}

describe("signing in with GitHub", () => {
  it("signs in a member of an admitted organisation, asking GitHub for the scopes it needs", async () => {
    github.user = { id: 583231, login: "octocat", name: "The Octocat", email: null, orgs: ["octo-org", "acme"] };
    const page = await browser.newPage();
    await page.goto(`${app.url}/sign-in`);
    expect(await page.getByLabel("Email").count()).toBe(0);

    await page.getByRole("button", { name: "Sign in with GitHub" }).click();
    await page.waitForURL(`${app.url}/sessions`);

    await page.getByRole("button", { name: "Account menu for The Octocat" }).waitFor();
    const authorize = github.requests.find((request) => request.path === "/login/oauth/authorize");
    expect(authorize?.query.scope).toBe("read:user user:email repo read:org");
    expect(authorize?.query.redirect_uri).toBe(`${app.url}/api/auth/callback/github`);
    expect(github.requests.map((request) => request.path)).toEqual(
      expect.arrayContaining(["/login/oauth/access_token", "/api/v3/user", "/api/v3/user/emails", "/api/v3/user/orgs"]),
    );
    expect(await usersWithLogin("octocat")).toBe(1);
  });

  it("refuses someone outside the admitted organisations, says why, and stores nothing", async () => {
    github.user = { id: 777, login: "mallory", name: "Mallory", email: "mallory@elsewhere.test", orgs: ["evil-corp"] };
    const page = await browser.newPage();
    await page.goto(`${app.url}/sign-in`);
    await page.getByRole("button", { name: "Sign in with GitHub" }).click();

    await page.getByRole("heading", { name: "You are not admitted to this Nightshift" }).waitFor();
    expect(await page.getByText("It admits members of the GitHub organisation acme.").count()).toBe(1);
    expect(await usersWithLogin("mallory")).toBe(0);
    await page.goto(`${app.url}/repositories`);
    await page.waitForURL(`${app.url}/sign-in`);
  });
});
