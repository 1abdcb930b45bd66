// The production build as it runs on Vercel, with every production adapter configured and nothing
// embedded: Postgres (a fresh database; on a machine without a Postgres server, the embedded one
// over the same wire protocol), Inngest (the fake of Inngest's side, which calls /api/inngest
// signed, step by step), Pusher (the embedded server started apart, playing Pusher's cloud),
// Vercel Sandbox (the fake of Vercel's API, whose sandboxes run the real bridge and OpenCode), and
// a GitHub App with GitHub sign-in (the fake GitHub, serving the repository over git). A person
// signs in with GitHub, starts a session from the new-session page and watches the agent's answer
// arrive; the agent's commit lands on GitHub.
import { randomBytes } from "node:crypto";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, freePort, startApp } from "../../scripts/lib/app-process";
import { embeddedPusherEnv, type PusherServer, startPusherServer } from "../../server/realtime/local/pusher-server";
import { type FakeModelServer, startFakeModelServer } from "../fixtures/fake-model/server";
import type { FakeGithub } from "../fixtures/github/fake-github";
import { type FakeInngest, startFakeInngest } from "../fixtures/inngest/fake-inngest";
import type { FakeVercelApi } from "../fixtures/vercel/fake-vercel-api";
import { createFreshDatabase, type FreshDatabase } from "../support/fresh-database";
import { createGitRepository, git, temporaryDir } from "../support/git-repositories";
import { startFakeGithubApp } from "../support/github-app";
import { startFakeVercel } from "../support/vercel";
import { choose, launchBrowser } from "./support/browser";

const oauthClient = { id: "Iv1.prod0123456789ab", secret: "fake-client-secret-prod-0123456789" };
const inngestKeys = { eventKey: "prod-event-key", signingKey: `signkey-prod-${randomBytes(32).toString("hex")}` };
const pusherApp = { appId: "4242", key: "prod-key", secret: "prod-secret" };
const octocat = { id: 583231, login: "octocat", name: "The Octocat", email: "octocat@acme.test", orgs: ["acme"] };

let database: FreshDatabase;
let github: FakeGithub;
let inngest: FakeInngest;
let pusher: PusherServer;
let vercel: FakeVercelApi;
let model: FakeModelServer;
let app: RunningApp;
let browser: Browser;
let gitDir: string;

beforeAll(async () => {
  // CI's Postgres when there is one (.ci/run sets TEST_DATABASE_URL), else the embedded database.
  database = await createFreshDatabase(process.env.TEST_DATABASE_URL || process.env.DATABASE_URL);
  const githubApp = await startFakeGithubApp(oauthClient);
  github = githubApp.github;
  gitDir = await createGitRepository({ name: "widgets", bare: true, files: { "README.md": "# Widgets\n" } });
  github.app!.installations.push({ id: 77, account: "acme" });
  github.repositories.push({
    fullName: "acme/widgets",
    id: 9_001,
    private: true,
    installationId: 77,
    gitDir,
    collaborators: { octocat: "write" },
  });
  const fakeVercel = await startFakeVercel();
  vercel = fakeVercel.api;
  [inngest, pusher, model, browser] = await Promise.all([
    startFakeInngest({ ...inngestKeys, sleepScale: 0.05 }),
    startPusherServer({ ...pusherApp, port: 0 }),
    startFakeModelServer(),
    launchBrowser(),
  ]);
  const port = await freePort();
  app = await startApp({
    dataDir: path.join(await temporaryDir("nightshift-e2e-"), ".nightshift"),
    port,
    env: {
      DATABASE_URL: database.url,
      AUTH_SECRET: randomBytes(32).toString("base64"),
      NIGHTSHIFT_SECRETS_KEY: randomBytes(32).toString("base64"),
      NIGHTSHIFT_URL: `http://127.0.0.1:${port}`,
      NIGHTSHIFT_ALLOW_DEV_SIGNIN: "false",
      NIGHTSHIFT_ALLOWED_GITHUB_ORGS: "acme",
      GITHUB_CLIENT_ID: oauthClient.id,
      GITHUB_CLIENT_SECRET: oauthClient.secret,
      ...githubApp.env,
      INNGEST_EVENT_KEY: inngestKeys.eventKey,
      INNGEST_SIGNING_KEY: inngestKeys.signingKey,
      // Read by the Inngest SDK itself: where events go and where the app registers.
      INNGEST_BASE_URL: inngest.url,
      ...embeddedPusherEnv(pusherApp, pusher.port),
      ...fakeVercel.env,
      NIGHTSHIFT_MODEL_BASE_URL: model.url,
      NIGHTSHIFT_MODEL_NAMES: "fake-coder",
    },
  });
  // What Inngest's Vercel integration does after each deployment.
  await inngest.sync(`${app.url}/api/inngest`);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await Promise.all([inngest?.close(), pusher?.stop(), vercel?.close(), model?.close(), github?.close()]);
  await database?.drop();
});

describe("the production build with every production adapter", () => {
  it("starts nothing embedded, and registers its functions with Inngest", () => {
    const output = app.output();
    expect(output).not.toMatch(/embedded/i);
    expect(output).toMatch(/jobs: Inngest/i);
    expect(inngest.functions.map((fn) => fn.id)).toEqual(
      expect.arrayContaining(["nightshift-session-dispatch", "nightshift-sandboxes-watch-heartbeats"]),
    );
  });

  it(
    "runs a prompt from the browser in a Vercel sandbox, live over Pusher, to a commit on GitHub",
    { timeout: 240_000 },
    async () => {
      github.user = octocat;
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${app.url}/sign-in`);
      await page.getByRole("button", { name: "Sign in with GitHub" }).click();
      await page.waitForURL(`${app.url}/sessions`);

      model.script([
        {
          toolCalls: [
            {
              name: "bash",
              arguments: {
                command: "printf 'blue\\n' > colour.txt && git add colour.txt && git commit -q -m 'Pick a colour'",
                description: "Pick a colour",
              },
            },
          ],
        },
        { text: "Committed colour.txt: the widgets are blue." },
      ]);
      await page.goto(`${app.url}/sessions/new`);
      await choose(page, "Repository", "acme/widgets");
      await page.getByLabel("Prompt", { exact: true }).fill("Pick a colour for the widgets and commit it.");
      await page.getByRole("button", { name: "Start session" }).click();
      await page.waitForURL(/\/sessions\/(?!new)[\w-]+$/);
      const sessionId = new URL(page.url()).pathname.split("/").pop()!;

      await page.getByRole("status").filter({ hasText: "Live" }).waitFor();
      await page.getByText("Committed colour.txt: the widgets are blue.").waitFor({ timeout: 150_000 });
      await page.getByText("Prompt completed").first().waitFor({ timeout: 30_000 });

      // The commit is on GitHub, on the session's branch, as the person who asked.
      const branch = `nightshift/${sessionId}`;
      expect(git(gitDir, "show", `${branch}:colour.txt`)).toBe("blue");
      expect(git(gitDir, "log", "-1", "--format=%an <%ae>", branch)).toBe(
        "The Octocat <583231+octocat@users.noreply.github.com>",
      );

      // It ran where production runs it: a Vercel sandbox, started by an Inngest function, the
      // page's updates published through Pusher's HTTP API. One sandbox: the one prepared while
      // the prompt was typed is the session's (the form waits for a preparation on its way).
      expect(vercel.sandboxes().filter((sandbox) => sandbox.status === "running")).toHaveLength(1);
      const dispatches = inngest.runs.filter((run) => run.functionId === "nightshift-session-dispatch");
      expect(dispatches.length).toBeGreaterThanOrEqual(1);
      await inngest.settled();
      expect(dispatches.map((run) => run.status)).toEqual(dispatches.map(() => "completed"));
      expect(pusher.stats().eventsPublished).toBeGreaterThan(0);

      // Inngest's crons run too: the heartbeat watch (four rounds, its sleeps shortened here) finds
      // the sandbox alive, and the idle sweep leaves it be.
      for (const cron of ["sandboxes-watch-heartbeats", "sandboxes-stop-idle"]) {
        expect(await inngest.fireCron(cron)).toMatchObject({ status: "completed" });
      }
      expect(vercel.sandboxes().filter((sandbox) => sandbox.status === "running")).toHaveLength(1);
      expect(inngest.unexpected).toEqual([]);
    },
  );
});
