// Slack as its people meet it, against the production build pointed at the fake Slack Web API:
// a member the bot does not know asks it, gets a link only they see, follows it in Chromium,
// signs in, and confirms by keyboard; asked again, the bot works for them. An administrator sets
// a keyword rule and a channel default on the settings page by keyboard.
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../../scripts/lib/app-process";
import { type FakeModelServer, startFakeModelServer } from "../fixtures/fake-model/server";
import { type FakeSlack, startFakeSlack } from "../fixtures/slack/fake-slack";
import { createGitRepository, temporaryDir } from "../support/git-repositories";
import { eventEnvelope, SLACK_SIGNING_SECRET, slackSignature } from "../support/slack";
import { launchBrowser, signIn } from "./support/browser";
import { createToken, publicApi } from "./support/public-api";

let app: RunningApp;
let model: FakeModelServer;
let slack: FakeSlack;
let browser: Browser;
let dataDir: string;
const ada = { name: "Ada Lovelace", email: "ada@example.com" };
const member = { id: "U0ADASLACK", name: "Ada in Slack", email: "ada.lovelace@elsewhere.example" };
const CHANNEL = "C0ANALYTIC";
const POLL = { timeout: 30_000, interval: 200 };

beforeAll(async () => {
  dataDir = path.join(await temporaryDir("nightshift-e2e-"), ".nightshift");
  [model, slack] = await Promise.all([startFakeModelServer(), startFakeSlack({ users: [member] })]);
  [app, browser] = await Promise.all([
    startApp({
      dataDir,
      env: {
        NIGHTSHIFT_MODEL_BASE_URL: model.url,
        NIGHTSHIFT_MODEL_NAMES: "fake-coder",
        SLACK_BOT_TOKEN: slack.token,
        SLACK_SIGNING_SECRET,
        SLACK_API_URL: slack.url,
      },
    }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await Promise.all([model?.close(), slack?.close()]);
});

/** The member mentions the bot in the channel, and Slack tells the app, signed. */
async function mentionBot(text: string): Promise<string> {
  const ts = slack.write(CHANNEL, { user: member.id, text: `<@${slack.bot.userId}> ${text}` });
  const body = JSON.stringify(
    eventEnvelope(slack, {
      type: "app_mention",
      user: member.id,
      text: `<@${slack.bot.userId}> ${text}`,
      ts,
      channel: CHANNEL,
    }),
  );
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(`${app.url}/api/slack/events`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": slackSignature(body, timestamp),
    },
    body,
  });
  expect(response.status).toBe(200);
  return ts;
}

describe("Slack in the browser", () => {
  it("links a Slack member the bot did not know, through sign-in, by keyboard; then the bot works for them", async () => {
    const token = createToken(dataDir, ada.email, "production");
    await publicApi(() => app.url)("/repositories", token, { path: await createGitRepository({ name: "ledger" }) });

    const asked = await mentionBot("add a changelog");
    await expect
      .poll(
        () => slack.calls.some((call) => call.method === "chat.postEphemeral" && call.args.thread_ts === asked),
        POLL,
      )
      .toBe(true);
    const offer = slack.calls.find((call) => call.method === "chat.postEphemeral" && call.args.thread_ts === asked)!;
    expect(offer.args.user).toBe(member.id);
    const link = /<(https?:\/\/[^|>]+\/slack\/link\/nsl_[\w-]+)\|/.exec(String(offer.args.text))![1]!;
    expect(link.startsWith(`${app.url}/slack/link/`)).toBe(true);

    // Signed out, the link goes through sign-in and comes back.
    const page = await (await browser.newContext()).newPage();
    await page.goto(link);
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByLabel("Name").fill(ada.name);
    await page.getByLabel("Email").fill(ada.email);
    await page.getByRole("button", { name: "Sign in" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(link);
    await page.getByText(`${member.name} (${member.email})`).waitFor();
    await page.getByRole("button", { name: "Link this Slack account to me" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Your Slack account is linked" }).waitFor();

    // The link is used up.
    await page.goto(link);
    await page.getByRole("alert").getByText("This link has expired or was used already.").waitFor();

    model.script([{ text: "The changelog is there." }]);
    const again = await mentionBot("add a changelog");
    // Its status message said it was working, then that the answer follows it.
    await expect
      .poll(() => slack.botReplies(CHANNEL, again).map((reply) => reply.text), POLL)
      .toEqual(["Worked on local/ledger: the answer is below.", "The changelog is there."]);
    const [status] = slack.calls.filter((call) => call.method === "chat.postMessage" && call.args.thread_ts === again);
    expect(status!.args.text).toBe("Working on local/ledger…");
    expect(slack.unserved).toEqual([]);
  });

  it("lets an administrator set a keyword rule and a channel default by keyboard, refusing a bad channel ID", async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, app.url, ada);
    await page.goto(`${app.url}/settings/general`);
    await page.getByRole("link", { name: "Slack" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Slack", level: 1 }).waitFor();
    await page.getByText("No keyword rules.").waitFor();

    await page.getByLabel("Keyword", { exact: true }).focus();
    await page.keyboard.type("Ledger");
    await page.keyboard.press("Tab");
    await page.keyboard.press("ArrowDown");
    await page.getByRole("button", { name: "Add rule" }).focus();
    await page.keyboard.press("Enter");
    const rules = page.getByRole("list", { name: "Keyword rules" });
    await rules.getByText("ledger", { exact: true }).waitFor();
    expect(await rules.innerText()).toContain("ledger → local/ledger");

    await page.getByLabel("Channel ID", { exact: true }).focus();
    await page.keyboard.type("#general");
    await page.keyboard.press("Tab");
    await page.keyboard.press("ArrowDown");
    await page.getByRole("button", { name: "Save default" }).focus();
    await page.keyboard.press("Enter");
    await page.getByText(/A channel ID, such as C0123ABCDEF/).waitFor();
    await page.getByLabel("Channel ID", { exact: true }).fill("C0ANALYTIC");
    await page.getByRole("button", { name: "Save default" }).focus();
    await page.keyboard.press("Enter");
    const defaults = page.getByRole("list", { name: "Channel defaults" });
    await defaults.getByText("C0ANALYTIC", { exact: true }).waitFor();
    expect(await defaults.innerText()).toContain("C0ANALYTIC → local/ledger");
  });
});
