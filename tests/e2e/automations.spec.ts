// Automations as a person meets them, by keyboard, in Debian's Chromium against the production
// build: a scheduled automation made on the form (its next runs shown as it is set), run now, its
// run appearing in the history and leading to its session, where the real OpenCode in a local
// sandbox answers through the fake model.
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../../scripts/lib/app-process";
import { type FakeModelServer, startFakeModelServer } from "../fixtures/fake-model/server";
import { createGitRepository, temporaryDir } from "../support/git-repositories";
import { launchBrowser, signIn } from "./support/browser";
import { createToken, publicApi } from "./support/public-api";

let app: RunningApp;
let model: FakeModelServer;
let browser: Browser;
let dataDir: string;
const ada = { name: "Ada Lovelace", email: "ada@example.com" };

beforeAll(async () => {
  dataDir = path.join(await temporaryDir("nightshift-e2e-"), ".nightshift");
  model = await startFakeModelServer();
  [app, browser] = await Promise.all([
    startApp({ dataDir, env: { NIGHTSHIFT_MODEL_BASE_URL: model.url, NIGHTSHIFT_MODEL_NAMES: "fake-coder" } }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await model?.close();
});

const POLL = { timeout: 15_000 };

/** Focuses a control and types into it, replacing what it held. */
async function typeInto(page: Page, label: string, text: string) {
  await page.getByLabel(label, { exact: true }).focus();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(text);
}

/**
 * Opens a select by keyboard, moves to an option with one key, and picks it once the list shows it
 * highlighted: typing a word or pressing Enter before the list has taken focus loses the keys.
 */
async function choose(page: Page, label: string, option: string, key: string) {
  await page.getByLabel(label, { exact: true }).focus();
  await page.keyboard.press("Enter");
  const wanted = page.getByRole("option", { name: option, exact: true });
  await wanted.waitFor();
  await expect
    .poll(async () => {
      if ((await wanted.getAttribute("data-highlighted")) !== null) return true;
      await page.keyboard.press(key);
      return false;
    }, POLL)
    .toBe(true);
  await page.keyboard.press("Enter");
  await expect.poll(() => page.getByLabel(label, { exact: true }).innerText(), POLL).toBe(option);
}

describe("automations in the browser", () => {
  it("creates a scheduled automation by keyboard, shows its next runs, runs it now, and links the run to its session", async () => {
    const token = createToken(dataDir, ada.email, "production");
    const api = publicApi(() => app.url);
    await api("/repositories", token, { path: await createGitRepository({ name: "orrery" }) });
    model.script([{ text: "The notes are up to date." }]);
    const page = await (await browser.newContext({ timezoneId: "Europe/Berlin" })).newPage();
    await signIn(page, app.url, ada);

    await page.getByRole("link", { name: "Automations" }).focus();
    await page.keyboard.press("Enter");
    await page.getByText("No automations yet.").waitFor();
    await page.getByRole("link", { name: "New automation" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "New automation" }).waitFor();

    await typeInto(page, "Name", "Morning notes");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Check the notes are up to date.");
    const repository = page.getByLabel("Repository 1", { exact: true });
    await repository.locator("option", { hasText: "orrery" }).waitFor({ state: "attached" });
    await repository.focus();
    await page.keyboard.press("ArrowDown");
    await expect.poll(() => repository.inputValue(), POLL).not.toBe("");

    // Weekdays at 09:00 is the form's first choice; it becomes every day, in Berlin.
    await choose(page, "Runs", "Every day", "ArrowUp");
    await typeInto(page, "Time zone", "Europe/Berlin");
    const nextRuns = page.getByRole("list", { name: "Next runs" }).getByRole("listitem");
    await expect.poll(() => nextRuns.count(), POLL).toBe(5);
    for (const run of await nextRuns.allInnerTexts()) expect(run).toMatch(/09:00|9:00\sAM/);

    // A schedule closer than 15 minutes is refused as it is typed.
    await choose(page, "Runs", "Custom (cron expression)", "End");
    await typeInto(page, "Cron expression", "*/5 * * * *");
    await page.getByText("Runs must be at least 15 minutes apart; this one has runs 5 minutes apart.").waitFor();
    await typeInto(page, "Cron expression", "0 9 * * *");
    await expect.poll(() => nextRuns.count(), POLL).toBe(5);

    await page.getByLabel("Name", { exact: true }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/automations\/[^/]+$/);
    await page.getByRole("heading", { name: /Morning notes/ }).waitFor();
    expect(await page.getByText("Every day at 09:00 (Europe/Berlin)").count()).toBe(1);
    await page.getByText("It has not run yet.").waitFor();

    await page.getByRole("button", { name: "Run now" }).focus();
    await page.keyboard.press("Enter");
    const runs = page.getByRole("list", { name: "Runs" });
    await runs.getByText("Run now by Ada Lovelace").waitFor();
    const sessionLink = runs.getByRole("link", { name: /Open the session/ });
    await sessionLink.waitFor({ timeout: 30_000 });
    await runs.getByText("Run now by Ada Lovelace: completed").waitFor({ timeout: 90_000 });

    await sessionLink.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/sessions\/[^/]+$/);
    await page.getByText("The notes are up to date.", { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByRole("heading", { name: "Morning notes" }).waitFor();
    expect(await page.getByTestId("prompt-source").allInnerTexts()).toEqual(["from an automation"]);
    expect(await page.getByRole("link", { name: "Morning notes" }).getAttribute("href")).toMatch(
      /^\/automations\/[^/]+$/,
    );

    await page.goto(`${app.url}/automations`);
    const row = page.getByRole("row", { name: /Morning notes/ });
    await row.getByText("Enabled").waitFor();
    expect(await row.getByText("Every day at 09:00 (Europe/Berlin)").count()).toBe(1);
    expect(await row.getByRole("list", { name: "Last 1 runs, oldest first" }).innerText()).toMatch(/completed/);
  });
});
