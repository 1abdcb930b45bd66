// Who may see a session, end to end: Nightshift signs in with GitHub (a fake of it on loopback),
// and a session on a private GitHub repository is open to those who can read the repository
// there. Someone who cannot is refused on the page, by the realtime authorisation endpoint (so
// pusher-js cannot subscribe to the session's channels) and by the API, each with a 403.
import path from "node:path";
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../../scripts/lib/app-process";
import { type FakeGithub, type FakeGithubUser, startFakeGithub } from "../fixtures/github/fake-github";
import { temporaryDir } from "../support/git-repositories";
import { launchBrowser } from "./support/browser";
import { createToken, publicApi } from "./support/public-api";

const client = { id: "Iv1.access0123456789", secret: "fake-client-secret-access-0123456789" };
const ada: FakeGithubUser = { id: 1815, login: "ada-l", name: "Ada Lovelace", email: "ada@acme.test", orgs: ["acme"] };
const bob: FakeGithubUser = { id: 1912, login: "bob-t", name: "Bob Turing", email: "bob@acme.test", orgs: ["acme"] };

let github: FakeGithub;
let app: RunningApp;
let browser: Browser;
let dataDir: string;
const api = publicApi(() => app.url);

beforeAll(async () => {
  github = await startFakeGithub(client);
  github.repositories.push({ fullName: "acme/engine", private: true, collaborators: { [ada.login]: "write" } });
  dataDir = path.join(await temporaryDir("nightshift-e2e-"), ".nightshift");
  [app, browser] = await Promise.all([
    startApp({
      dataDir,

      env: {
        GITHUB_CLIENT_ID: client.id,
        GITHUB_CLIENT_SECRET: client.secret,
        GITHUB_URL: github.url,
        NIGHTSHIFT_ALLOW_DEV_SIGNIN: "false",
        // A model to name; nothing is prompted here.
        NIGHTSHIFT_MODEL_BASE_URL: "http://127.0.0.1:9/v1",
        NIGHTSHIFT_MODEL_NAMES: "fake-coder",
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

async function signedInWithGithub(person: FakeGithubUser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  github.user = person;
  await page.goto(`${app.url}/sign-in`);
  await page.getByRole("button", { name: "Sign in with GitHub" }).click();
  await page.waitForURL(`${app.url}/sessions`);
  return page;
}

/**
 * acme/engine as a repository of Nightshift's. Listing the GitHub App's repositories comes with
 * the GitHub integration; until then the row is written directly.
 */
async function addGithubRepository(): Promise<string> {
  const url = new URL(app.databaseUrl() ?? "");
  url.username = "postgres";
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO repositories (id, provider, external_id, owner, name, default_branch, created_at, updated_at)
       VALUES ('repo-acme-engine', 'github', 'acme/engine', 'acme', 'engine', 'main', now(), now())`,
    );
  } finally {
    await db.end();
  }
  return "repo-acme-engine";
}

/** A request from the page itself, with its cookies: what its own scripts could do. */
function fromPage(
  page: Page,
  pathname: string,
  init: { method?: string; form?: Record<string, string>; json?: unknown } = {},
) {
  return page.evaluate(
    async ({ pathname, init }) => {
      const response = await fetch(pathname, {
        method: init.method ?? "GET",
        headers: init.form
          ? { "content-type": "application/x-www-form-urlencoded" }
          : { "content-type": "application/json" },
        body: init.form
          ? new URLSearchParams(init.form).toString()
          : init.json === undefined
            ? undefined
            : JSON.stringify(init.json),
      });
      return { status: response.status, text: await response.text() };
    },
    { pathname, init },
  );
}

describe("a session on a private GitHub repository", () => {
  it("is open to a colleague who can read the repository, and refused — page, channels and API — to one who cannot", async () => {
    const repositoryId = await addGithubRepository();
    const pageA = await signedInWithGithub(ada);
    const pageB = await signedInWithGithub(bob);

    const created = await fromPage(pageA, "/api/trpc/session.create", {
      method: "POST",
      json: { json: { repositoryId } },
    });
    expect(created.status, created.text).toBe(200);
    const sessionId = (JSON.parse(created.text) as { result: { data: { json: { id: string } } } }).result.data.json.id;
    const link = `${app.url}/sessions/${sessionId}`;

    await pageA.goto(link);
    await pageA.getByRole("status").filter({ hasText: "Live" }).waitFor();
    await pageA.getByLabel("Prompt", { exact: true }).waitFor();
    await pageA.getByLabel("Ada Lovelace is here").waitFor();

    await pageB.goto(link);
    await pageB
      .getByText("Could not open this session: You need read access to acme/engine on GitHub to see its sessions.")
      .waitFor();
    expect(await pageB.getByRole("status").filter({ hasText: "Live" }).count()).toBe(0);

    // What pusher-js would ask before subscribing: refused for both of the session's channels.
    const socket_id = "1234.5678";
    const events = await fromPage(pageB, "/api/realtime/auth", {
      method: "POST",
      form: { socket_id, channel_name: `private-session-${sessionId}` },
    });
    const presence = await fromPage(pageB, "/api/realtime/auth", {
      method: "POST",
      form: { socket_id, channel_name: `presence-session-${sessionId}` },
    });
    expect([events.status, presence.status]).toEqual([403, 403]);
    expect(events.text).toContain("read access to acme/engine");
    expect(
      (
        await fromPage(pageA, "/api/realtime/auth", {
          method: "POST",
          form: { socket_id, channel_name: `private-session-${sessionId}` },
        })
      ).status,
    ).toBe(200);

    // The API, with each person's own token.
    const bobToken = createToken(dataDir, bob.email!, "production");
    const adaToken = createToken(dataDir, ada.email!, "production");
    const refused = await api(`/sessions/${sessionId}`, bobToken);
    expect(refused).toMatchObject({ status: 403, json: { error: { code: "FORBIDDEN" } } });
    expect((await api(`/sessions/${sessionId}/prompts`, bobToken, { content: "Let me in" })).status).toBe(403);
    expect((await api(`/sessions/${sessionId}/events`, bobToken)).status).toBe(403);
    expect((await api(`/sessions/${sessionId}`, adaToken)).status).toBe(200);
    const listed = await api("/sessions", bobToken);
    expect((listed.json.sessions as Array<{ id: string }>).map((session) => session.id)).not.toContain(sessionId);
  });
});
