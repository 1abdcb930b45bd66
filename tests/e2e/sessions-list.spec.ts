// The sessions list and the new-session form, as people use them: the production build on its
// embedded defaults with a custom model endpoint configured (nothing answers there; no prompt
// needs to run for what is tested here), driven through Debian's Chromium.
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitRepository, git, temporaryDir } from "../support/git-repositories";
import { bubblewrap } from "../support/requirements";
import { type RunningApp, startApp } from "../../scripts/lib/app-process";
import { choose, launchBrowser, signIn } from "./support/browser";

let app: RunningApp;
let browser: Browser;
let enginePath: string;
let orreryPath: string;

const ada = { name: "Ada Lovelace", email: "ada@example.com" };
const grace = { name: "Grace Hopper", email: "grace@example.com" };
const SESSION_URL = /\/sessions\/(?!new$)[^/?]+$/;

beforeAll(async () => {
  const dataDir = path.join(await temporaryDir("nightshift-e2e-"), ".nightshift");
  enginePath = await createGitRepository({
    name: "difference-engine",
    branch: "trunk",
    branches: ["feature/gears", "doomed"],
  });
  orreryPath = await createGitRepository({ name: "orrery" });
  const env = { NIGHTSHIFT_MODEL_BASE_URL: "http://127.0.0.1:9/v1", NIGHTSHIFT_MODEL_NAMES: "fake-coder" };
  [app, browser] = await Promise.all([startApp({ dataDir, env }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function newPage(): Promise<Page> {
  return (await browser.newContext()).newPage();
}

async function addRepository(page: Page, repositoryDir: string): Promise<void> {
  await page.getByRole("link", { name: "Repositories" }).click();
  await page.getByRole("button", { name: "Add repository" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a local repository" });
  await dialog.getByLabel("Path").fill(repositoryDir);
  await dialog.getByRole("button", { name: "Add repository" }).click();
  await dialog.waitFor({ state: "detached" });
}

function sessionRows(page: Page) {
  return page.getByRole("list", { name: "Sessions" }).getByRole("listitem");
}

describe("sessions in the browser", () => {
  it("starts a session from the form and lands on its page at once", async () => {
    const page = await newPage();
    await signIn(page, app.url, ada);
    await page.getByText("You have no sessions yet").waitFor();
    expect(await page.getByRole("link", { name: "Sessions" }).getAttribute("aria-current")).toBe("page");
    await addRepository(page, enginePath);
    await addRepository(page, orreryPath);

    await page.getByRole("link", { name: "Sessions" }).click();
    await page.getByRole("link", { name: "New session" }).first().click();
    await page.waitForURL(`${app.url}/sessions/new`);
    await choose(page, "Repository", "local/difference-engine");
    await expect.poll(() => page.getByLabel("Branch", { exact: true }).innerText()).toBe("trunk (default)");
    await choose(page, "Branch", "doomed");
    await choose(page, "Model", "fake-coder");
    await choose(page, "Reasoning effort", "High");

    // Without a prompt, the form says so beside the field and sends nothing.
    await page.getByRole("button", { name: "Start session" }).click();
    await page.getByText("Write a prompt.").waitFor();
    expect(await page.getByLabel("Prompt", { exact: true }).getAttribute("aria-invalid")).toBe("true");

    // A branch deleted after the form loaded: the server's refusal shows beside the branch.
    await page.getByLabel("Prompt", { exact: true }).fill("Count the teeth on every gear.");
    git(enginePath, "branch", "-D", "doomed");
    await page.getByRole("button", { name: "Start session" }).click();
    await page.getByText("difference-engine has no branch doomed.").waitFor();
    expect(await page.getByLabel("Branch", { exact: true }).getAttribute("aria-invalid")).toBe("true");

    await choose(page, "Branch", "feature/gears");
    await page.getByRole("button", { name: "Start session" }).click();
    await page.waitForURL(SESSION_URL);
    // The page says how its sandboxes are sealed: sealed where bubblewrap is installed (CI installs it).
    const seal = await page.getByTestId("sandbox-seal").innerText();
    expect(seal).toMatch(bubblewrap.isMet() ? /^Sealed: its own network/ : /^Not sealed:/);
    expect(seal).toContain("model keys stay with Nightshift");

    // A second session, on the other repository's default branch, started with Ctrl+Enter.
    await page.goto(`${app.url}/sessions/new`);
    await choose(page, "Repository", "local/orrery");
    await page.getByLabel("Prompt", { exact: true }).fill("Add the outer planets.");
    await page.getByLabel("Prompt", { exact: true }).press("Control+Enter");
    await page.waitForURL(SESSION_URL);
  });

  it("lists them with repository, branch, status, who started them and when; searches; shows no archived ones", async () => {
    const page = await newPage();
    await signIn(page, app.url, ada);
    await sessionRows(page).nth(1).waitFor();
    expect(await sessionRows(page).count()).toBe(2);
    const engine = sessionRows(page).filter({ hasText: "local/difference-engine" });
    const text = (await engine.textContent()) ?? "";
    expect(text).toContain("Branch: feature/gears");
    expect(text).toContain("Started by Ada Lovelace");
    expect(text).toMatch(/Status: (Active|Completed|Failed)/);
    expect(await engine.locator("time").innerText()).toMatch(/just now|minute/);

    const search = page.getByRole("searchbox", { name: "Search sessions by title or repository" });
    await search.fill("ORRERY");
    await page.waitForURL(`${app.url}/sessions?q=ORRERY`);
    await expect.poll(() => sessionRows(page).count()).toBe(1);
    expect(await sessionRows(page).first().textContent()).toContain("local/orrery");

    // The filter is in the address: a reload keeps it.
    await page.reload();
    expect(await search.inputValue()).toBe("ORRERY");
    await expect.poll(() => sessionRows(page).count()).toBe(1);

    await search.fill("no such thing");
    await page.getByText("No sessions match “no such thing”").waitFor();
    await page.getByRole("button", { name: "Clear the search" }).click();
    await expect.poll(() => sessionRows(page).count()).toBe(2);

    await page.getByRole("radio", { name: "Archived" }).click();
    await page.getByText("No archived sessions").waitFor();

    await page.getByRole("radio", { name: "Active" }).click();
    await engine.getByRole("link").click();
    await page.waitForURL(SESSION_URL);
  });

  it("shows someone else's sessions under All, not under Mine", async () => {
    const page = await newPage();
    await signIn(page, app.url, grace);
    await page.getByText("You have no sessions yet").waitFor();

    await page.getByRole("button", { name: "Show all sessions" }).click();
    await expect.poll(() => sessionRows(page).count()).toBe(2);
    expect(await page.getByRole("radio", { name: "All" }).getAttribute("aria-checked")).toBe("true");
    expect(await sessionRows(page).first().textContent()).toContain("Started by Ada Lovelace");
  });
});
