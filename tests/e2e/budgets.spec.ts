// Budgets as people meet them in Chromium: the administrator sets a limit per session on the
// Settings page; a runaway prompt (the same failing command, again and again, through the real
// OpenCode) stops with the limit's reason on the session page; a session's own limit can only be
// lower; raising the administrators' limit lets the next prompt run. Someone else sees the
// budgets without controls the server would refuse.
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
const grace = { name: "Grace Hopper", email: "grace@example.com" };

beforeAll(async () => {
  dataDir = path.join(await temporaryDir("nightshift-e2e-"), ".nightshift");
  model = await startFakeModelServer();
  [app, browser] = await Promise.all([
    startApp({
      dataDir,
      env: {
        NIGHTSHIFT_MODEL_BASE_URL: model.url,
        NIGHTSHIFT_MODEL_NAMES: "fake-coder",
        // Each of the fake's answers (120 tokens in, 30 out) costs $0.15 at this price.
        NIGHTSHIFT_MODEL_PRICE: "1000,1000",
      },
    }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await model?.close();
});

const api = publicApi(() => app.url);

async function signedIn(person: { name: string; email: string }): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, app.url, person);
  return page;
}

describe("budgets", () => {
  it("stop a runaway prompt with the reason, and the next prompt runs once the limit is raised", async () => {
    // Ada signs in first: she administers this Nightshift.
    const page = await signedIn(ada);
    await page.getByRole("link", { name: "Settings" }).click();
    const perSession = page.getByLabel("Per session");
    await perSession.fill("thirty cents");
    await perSession.press("Enter");
    await page.getByText("Enter an amount in US dollars, like 5 or 0.50, or leave it empty.").waitFor();
    await perSession.fill("0.30");
    await perSession.press("Enter");
    await page.getByText("Budgets saved").first().waitFor();
    await page.reload();
    expect(await page.getByLabel("Per session").inputValue()).toBe("0.3");

    const token = createToken(dataDir, ada.email, "production");
    const { json: added } = await api("/repositories", token, { path: await createGitRepository({ name: "engine" }) });
    const { json: created } = await api("/sessions", token, { repositoryId: added.repository.id });
    const link = `${app.url}/sessions/${created.session.id}`;
    await page.goto(link);
    await page
      .getByTestId("session-budget")
      .filter({ hasText: "Limit $0.30 (every session's), $0.30 left." })
      .waitFor();

    model.script(
      Array.from({ length: 20 }, () => ({
        toolCalls: [{ name: "bash", arguments: { command: "false", description: "Try again" } }],
      })),
    );
    await page.getByLabel("Prompt", { exact: true }).fill("Make the tests pass");
    await page.getByLabel("Prompt", { exact: true }).press("Enter");
    await page.getByText("Prompt ended: budget reached: session limit, $0.30").waitFor({ timeout: 60_000 });
    await page.getByTestId("session-budget").filter({ hasText: "reached: raise it to go on." }).waitFor();
    const meter = await page.getByTestId("usage-meter").innerText();
    const spent = Number(/\$(\d+\.\d+) so far/.exec(meter)?.[1]);
    expect(spent).toBeGreaterThanOrEqual(0.3);
    expect(spent).toBeLessThan(0.45);
    // The prompt says what its calls cost; each was $0.15.
    await page
      .getByRole("article", { name: "Prompt from Ada Lovelace" })
      .getByTestId("prompt-cost")
      .filter({ hasText: /^· \d+ model calls, \$0\.\d\d$/ })
      .waitFor();

    // A session's own limit can only be lower than every session's.
    await page.getByRole("button", { name: "Set a limit" }).click();
    await page.getByLabel("This session's limit").fill("1");
    await page.getByLabel("This session's limit").press("Enter");
    await page.getByText("A session's own limit can only be lower than the $0.30 every session has.").waitFor();
    await page.getByRole("button", { name: "Cancel" }).click();

    // Raised, the next prompt runs.
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByLabel("Per session").fill("5");
    await page.getByRole("button", { name: "Save budgets" }).click();
    await page.getByText("Budgets saved").first().waitFor();
    model.script([{ text: "Fixed the tests." }]);
    await page.goto(link);
    await page.getByTestId("session-budget").filter({ hasText: "Limit $5.00 (every session's)" }).waitFor();
    await page.getByLabel("Prompt", { exact: true }).fill("Try once more");
    await page.getByLabel("Prompt", { exact: true }).press("Enter");
    await page.getByText("Prompt completed").waitFor({ timeout: 60_000 });
    await page.getByText("Fixed the tests.").waitFor();

    // Someone else sees the budgets and the session's limit, without the controls.
    const other = await signedIn(grace);
    await other.getByRole("link", { name: "Settings" }).click();
    expect(await other.getByLabel("Per session").isDisabled()).toBe(true);
    await other.getByText("Only administrators change the budgets.").waitFor();
    await other.goto(link);
    await other.getByTestId("session-budget").filter({ hasText: "Limit $5.00" }).waitFor();
    expect(await other.getByRole("button", { name: "Set a limit" }).count()).toBe(0);
  });
});
