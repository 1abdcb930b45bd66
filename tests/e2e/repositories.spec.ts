// Nightshift as a person meets it: the production build on its embedded defaults, driven
// through Debian's Chromium.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitRepository, temporaryDir } from "../support/git-repositories";
import { freePort, type RunningApp, startApp } from "../../scripts/lib/app-process";
import { launchBrowser, signInToRepositories, submitSignIn } from "./support/browser";

let app: RunningApp;
let browser: Browser;
let dataDir: string;
let port: number;
let repositoryPath: string;

const ada = { name: "Ada Lovelace", email: "ada@example.com" };
const grace = { name: "Grace Hopper", email: "grace@example.com" };

beforeAll(async () => {
  dataDir = path.join(await temporaryDir("nightshift-e2e-"), ".nightshift");
  port = await freePort();
  repositoryPath = await createGitRepository({ name: "analytical-engine", branch: "trunk" });
  [app, browser] = await Promise.all([startApp(appOptions()), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

// Ada and Grace are admitted by their domain; anyone else is refused.
function appOptions() {
  // A model endpoint (never called here), so the settings page offers a default model's efforts.
  return {
    dataDir,
    port,
    env: {
      NIGHTSHIFT_ALLOWED_EMAIL_DOMAINS: "example.com",
      NIGHTSHIFT_MODEL_BASE_URL: "http://127.0.0.1:9/v1",
      NIGHTSHIFT_MODEL_NAMES: "fake-coder",
    },
  };
}

async function newPage(): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

async function addRepository(page: Page, repositoryDir: string): Promise<void> {
  await page.getByRole("button", { name: "Add repository" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a local repository" });
  await dialog.getByLabel("Path").fill(repositoryDir);
  await dialog.getByRole("button", { name: "Add repository" }).click();
}

function rows(page: Page) {
  return page.getByRole("row").filter({ has: page.getByRole("cell") });
}

/**
 * Holds the browser's requests for the model list back until the returned function is called, as
 * a slow server would: the settings arrive first, the models (and so the efforts) after them.
 * Later requests pass at once; a later hold (registered last, so asked first) holds them again.
 */
async function holdModelList(page: Page): Promise<() => void> {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(/\/api\/trpc\/[^?]*model\.list/, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

describe("repositories in the browser", () => {
  it("shows a visitor the sign-in page, and the API answers 401 without data", async () => {
    const page = await newPage();
    await page.goto(`${app.url}/repositories`);
    await page.waitForURL(`${app.url}/sign-in`);
    await expect(page.getByRole("heading", { name: "Sign in to Nightshift" }).isVisible()).resolves.toBe(true);

    const response = await fetch(`${app.url}/api/trpc/repository.list`);
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain("analytical-engine");
  });

  it("refuses someone the admission list does not admit, saying why", async () => {
    const page = await newPage();
    await submitSignIn(page, app.url, { name: "Mallory", email: "mallory@elsewhere.test" });

    await page.getByRole("heading", { name: "You are not admitted to this Nightshift" }).waitFor();
    await page
      .getByText("mallory@elsewhere.test is not admitted to this Nightshift. It admits email addresses at example.com.")
      .waitFor();
    await page.goto(`${app.url}/repositories`);
    await page.waitForURL(`${app.url}/sign-in`);
  });

  it("points out a malformed email beside the field", async () => {
    const page = await newPage();
    await submitSignIn(page, app.url, { name: "Ada", email: "ada-at-example.com" });

    await page.getByText("Enter an email address, like ada@example.com").waitFor();
    expect(await page.getByLabel("Email").getAttribute("aria-invalid")).toBe("true");
    expect(page.url()).toBe(`${app.url}/sign-in`);
  });

  it("signs in, adds a local repository and lists it", async () => {
    const page = await newPage();
    await signInToRepositories(page, app.url, ada);
    await page.getByText("No repositories yet").waitFor();

    await addRepository(page, repositoryPath);

    const row = rows(page).filter({ hasText: "analytical-engine" });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/analytical-engine\s+trunk\s+just now\s+Ada Lovelace/);
    await page.getByRole("dialog").waitFor({ state: "detached" });
  });

  it("explains each bad path beside the field and adds nothing", async () => {
    const page = await newPage();
    await signInToRepositories(page, app.url, ada);
    const notGit = await temporaryDir();
    const noCommits = await createGitRepository({ commits: 0 });
    const missing = path.join(notGit, "missing");
    await mkdir(path.join(notGit, "sub"));

    const cases: Array<[string, string]> = [
      [notGit, `${notGit} is not a git repository.`],
      [missing, `Nothing exists at ${missing}.`],
      [noCommits, `${noCommits} is a git repository with no commits yet; commit something first.`],
      [repositoryPath, "This repository is already added, as analytical-engine by Ada Lovelace."],
    ];
    for (const [input, message] of cases) {
      await addRepository(page, input);
      const dialog = page.getByRole("dialog", { name: "Add a local repository" });
      await dialog.getByText(message, { exact: true }).waitFor();
      expect(await dialog.getByLabel("Path").getAttribute("aria-invalid")).toBe("true");
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "detached" });
    }
    expect(await rows(page).count()).toBe(1);
  });

  it("shows a second person the same repositories, until they sign out", async () => {
    const page = await newPage();
    await signInToRepositories(page, app.url, grace);
    await rows(page).filter({ hasText: "analytical-engine" }).filter({ hasText: "Ada Lovelace" }).waitFor();

    await page.getByRole("button", { name: "Account menu for Grace Hopper" }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await page.waitForURL(`${app.url}/sign-in`);
    await page.goto(`${app.url}/repositories`);
    await page.waitForURL(`${app.url}/sign-in`);
  });

  it("stops cleanly on Ctrl-C, leaving no process behind, and keeps the data for the next start", async () => {
    const report = await app.stop();
    expect(report, app.output()).toEqual({ exitCode: 130, leftBehind: [] });
    const refused = await fetch(`${app.url}/api/health`).then(
      () => "answered",
      () => "refused",
    );
    expect(refused).toBe("refused");

    app = await startApp(appOptions());
    const page = await newPage();
    await signInToRepositories(page, app.url, grace);
    await rows(page).filter({ hasText: "analytical-engine" }).waitFor();
  });

  it("changes a repository's settings by keyboard alone, refuses a bad value, and keeps them", async () => {
    const page = await newPage();
    await signInToRepositories(page, app.url, grace);
    const releaseModels = await holdModelList(page);
    await page.getByRole("link", { name: "Settings of analytical-engine" }).click();

    // Until the model list arrives, the effort control says so and takes no input.
    const effort = page.getByLabel("Default reasoning effort");
    await page.getByText("Loading the efforts each model offers…").waitFor();
    expect(await effort.isDisabled()).toBe(true);
    releaseModels();
    await page.getByRole("heading", { name: "Settings of local/analytical-engine" }).waitFor();

    // Tab to each control and change it with the keyboard, once it offers its choices.
    await page.getByLabel("Open pull requests as drafts").focus();
    await page.keyboard.press("Space");
    await page.getByLabel("Label").focus();
    await page.keyboard.type("agent-work");
    await page.getByRole("combobox", { name: "Default reasoning effort", disabled: false }).focus();
    await page.keyboard.press("ArrowDown");
    await page.getByLabel("Also allowed").focus();
    await page.keyboard.type("not a login!");
    await page.keyboard.press("Enter");
    await page.getByRole("alert").filter({ hasText: "is not a GitHub login" }).waitFor();

    await page.getByLabel("Also allowed").fill("");
    await page.keyboard.type("octocat, Hubot");
    await page.keyboard.press("Enter");
    await page.getByText("Settings saved", { exact: true }).waitFor();

    const releaseModelsAgain = await holdModelList(page);
    await page.reload();
    await page.getByText(/Last changed .* by Grace Hopper/).waitFor();
    expect(await page.getByLabel("Open pull requests as drafts").isChecked()).toBe(true);
    expect(await page.getByLabel("Label").inputValue()).toBe("agent-work");
    // The saved effort shows before the model list arrives, and stays once it has.
    expect(await effort.inputValue()).toBe("low");
    releaseModelsAgain();
    await page.getByRole("combobox", { name: "Default reasoning effort", disabled: false }).waitFor();
    expect(await effort.inputValue()).toBe("low");
    expect(await page.getByLabel("Also allowed").inputValue()).toBe("octocat, hubot");
    // Where sandboxes may connect is an administrator's choice (Ada's, who signed in first): shown, not changeable.
    await page.getByText("Only an administrator can change where this repository's sandboxes may connect.").waitFor();
    expect(await page.getByRole("radio", { name: /The public internet/ }).isChecked()).toBe(true);
    expect(await page.getByRole("radio", { name: /No network/ }).isDisabled()).toBe(true);
  });

  it("lets an administrator limit where the repository's sandboxes may connect, by keyboard", async () => {
    const page = await newPage();
    await signInToRepositories(page, app.url, ada);
    await page.getByRole("link", { name: "Settings of analytical-engine" }).click();
    const allowlist = page.getByRole("radio", { name: /Only these hosts/, disabled: false });
    await allowlist.focus();
    await page.keyboard.press("Space");
    await page.getByLabel("Allowed hosts").focus();
    await page.keyboard.type("Registry.NPMJS.org\n*.github.com");
    await page.getByRole("button", { name: "Save settings" }).focus();
    await page.keyboard.press("Enter");
    await page.getByText("Settings saved", { exact: true }).waitFor();

    await page.reload();
    await page.getByRole("radio", { name: /Only these hosts/, disabled: false }).waitFor();
    expect(await page.getByRole("radio", { name: /Only these hosts/ }).isChecked()).toBe(true);
    expect(await page.getByLabel("Allowed hosts").inputValue()).toBe("registry.npmjs.org\n*.github.com");
  });

  it("offers Remove to whoever added the repository, and removes it after confirmation", async () => {
    const other = await newPage();
    await signInToRepositories(other, app.url, grace);
    await rows(other).filter({ hasText: "analytical-engine" }).waitFor();
    expect(await other.getByRole("button", { name: "Remove analytical-engine" }).count()).toBe(0);

    const page = await newPage();
    await signInToRepositories(page, app.url, ada);
    await page.getByRole("button", { name: "Remove analytical-engine" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Remove analytical-engine?" });
    await confirm.getByRole("button", { name: "Remove" }).click();

    await page.getByText("No repositories yet").waitFor();
    await page.reload();
    await page.getByText("No repositories yet").waitFor();
  });
});
