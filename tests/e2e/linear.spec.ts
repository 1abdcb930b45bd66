// Linear as an administrator meets it, against the production build pointed at the fake Linear
// API: from Settings → Linear, install the agent through Linear's consent page (OAuth with
// actor=app) and back, then map a team to a repository by keyboard, refusing a model that cannot
// run; and a hand-over to the agent in Linear is answered at once.
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../../scripts/lib/app-process";
import { type FakeLinear, startFakeLinear } from "../fixtures/linear/fake-linear";
import { type FakeModelServer, startFakeModelServer } from "../fixtures/fake-model/server";
import { agentSessionEventPayload, linearWebhookHeaders } from "../fixtures/linear/webhooks";
import { createGitRepository, temporaryDir } from "../support/git-repositories";
import { launchBrowser, signIn } from "./support/browser";
import { createToken, publicApi } from "./support/public-api";

let app: RunningApp;
let linear: FakeLinear;
let model: FakeModelServer;
let browser: Browser;
let dataDir: string;
const ada = { name: "Ada Lovelace", email: "ada@example.com" };
const POLL = { timeout: 30_000, interval: 200 };

beforeAll(async () => {
  dataDir = path.join(await temporaryDir("nightshift-e2e-"), ".nightshift");
  [linear, model] = await Promise.all([
    startFakeLinear({ users: [{ name: "Ada Lovelace", email: ada.email }] }),
    startFakeModelServer(),
  ]);
  [app, browser] = await Promise.all([
    startApp({
      dataDir,
      env: {
        NIGHTSHIFT_MODEL_BASE_URL: model.url,
        NIGHTSHIFT_MODEL_NAMES: "fake-coder",
        LINEAR_CLIENT_ID: linear.clientId,
        LINEAR_CLIENT_SECRET: linear.clientSecret,
        LINEAR_WEBHOOK_SECRET: linear.webhookSecret,
        LINEAR_API_URL: linear.url,
        LINEAR_AUTHORIZE_URL: linear.authorizeUrl,
      },
    }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await Promise.all([linear?.close(), model?.close()]);
});

describe("Linear in the browser", () => {
  it("installs the agent through Linear's consent and maps a team by keyboard; a hand-over is answered at once", async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, app.url, ada);
    const token = createToken(dataDir, ada.email, "production");
    await publicApi(() => app.url)("/repositories", token, { path: await createGitRepository({ name: "engine" }) });

    await page.goto(`${app.url}/settings/general`);
    await page.getByRole("link", { name: "Linear" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Linear", level: 1 }).waitFor();
    await page.getByText("Not installed in any Linear workspace yet.").waitFor();
    await page.getByRole("link", { name: "Install in a Linear workspace" }).focus();
    await page.keyboard.press("Enter");
    // Linear's consent page, asked for the agent as an app that can be assigned and mentioned.
    await page.getByRole("heading", { name: "Nightshift wants to access your Linear workspace" }).waitFor();
    expect(await page.locator("table").innerText()).toContain("app:assignable");
    await page.getByRole("link", { name: "Approve" }).click();
    await page.waitForURL(/\/settings\/linear\?installed=Acme/);
    await page.getByText("Installed in Acme").waitFor();

    await page.getByLabel("Team key").focus();
    await page.keyboard.type("ENG");
    await page.keyboard.press("Tab");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Tab");
    await page.keyboard.type("nobody/nothing");
    await page.getByRole("button", { name: "Add mapping" }).focus();
    await page.keyboard.press("Enter");
    await page
      .getByText(/nobody\/nothing/)
      .first()
      .waitFor();
    await page.getByLabel("Model (optional)").fill("");
    await page.getByRole("button", { name: "Add mapping" }).click();
    const mappings = page.getByRole("list", { name: "Mappings" });
    await mappings.getByText("eng", { exact: true }).waitFor();
    expect(await mappings.innerText()).toContain("Team eng → local/engine");

    // Someone in Linear hands the agent an issue: Linear sees it at work within seconds.
    const issue = linear.createIssue({ title: "Make the engine purr" });
    const agentSessionId = randomUUID();
    const body = JSON.stringify(
      agentSessionEventPayload(linear, {
        action: "created",
        agentSessionId,
        issueId: issue.id,
        creatorId: linear.users[0]!.id,
      }),
    );
    const delivered = await fetch(`${app.url}/api/webhooks/linear`, {
      method: "POST",
      headers: linearWebhookHeaders(body, linear.webhookSecret),
      body,
    });
    expect(delivered.status).toBe(200);
    await expect
      .poll(() => linear.agentSessions.get(agentSessionId)?.activities[0]?.content, POLL)
      .toMatchObject({ type: "thought", body: `Looking at ${issue.identifier}…` });
    await expect
      .poll(() => linear.agentSessions.get(agentSessionId)?.externalUrls[0]?.label, POLL)
      .toBe("Nightshift session");
    await expect
      .poll(() => linear.agentSessions.get(agentSessionId)?.activities.at(-1)?.content.type, {
        ...POLL,
        timeout: 90_000,
      })
      .toBe("response");
    expect(linear.unserved).toEqual([]);
  });
});
