// Secrets as a person manages them, by keyboard, in Debian's Chromium against the production
// build: paste a .env file, preview it by name, save it, and never see a value again.
import path from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../../scripts/lib/app-process";
import { createGitRepository, temporaryDir } from "../support/git-repositories";
import { launchBrowser, signIn } from "./support/browser";

let app: RunningApp;
let browser: Browser;

const ada = { name: "Ada Lovelace", email: "ada@example.com" };
// A comment, `export `, double and single quotes, a bare value with a trailing comment.
const DOTENV = [
  "# deploy credentials",
  'export API_TOKEN="tok-en with spaces #1"',
  "DATABASE_URL='postgres://ada:pa55w0rd@db:5432/app'",
  "SENTRY_DSN=https://abc123@sentry.example/42 # the public DSN",
  "",
].join("\n");
const VALUES = [
  "tok-en with spaces #1",
  "postgres://ada:pa55w0rd@db:5432/app",
  "https://abc123@sentry.example/42",
  "abc123",
  "pa55w0rd",
];

beforeAll(async () => {
  const dataDir = path.join(await temporaryDir("nightshift-e2e-"), ".nightshift");
  [app, browser] = await Promise.all([startApp({ dataDir }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** Presses Tab until `target` has the focus: it must be reachable by keyboard, in page order. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let presses = 0; presses < 40; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error("Tab never reached the element");
}

const savedNames = (page: Page) =>
  page.getByRole("list", { name: "Saved secrets" }).getByRole("listitem").locator(".font-mono").allInnerTexts();
const previewNames = (page: Page, group: "Will be added" | "Will be replaced") =>
  page.getByRole("list", { name: group }).getByRole("listitem").allInnerTexts();

/** Neither in the HTML nor in any field's current value (which the HTML does not show). */
async function expectNoValues(page: Page): Promise<void> {
  const html = await page.content();
  const fields = await page.evaluate(() =>
    [...document.querySelectorAll("input, textarea")].map((field) => (field as HTMLInputElement).value).join("\n"),
  );
  for (const value of VALUES) {
    expect(html).not.toContain(value);
    expect(fields).not.toContain(value);
  }
}

async function pasteAndPreview(page: Page, text: string): Promise<void> {
  const textarea = page.getByLabel("Paste a .env file");
  await tabTo(page, textarea);
  await page.keyboard.insertText(text);
  await tabTo(page, page.getByRole("button", { name: "Preview" }));
  await page.keyboard.press("Enter");
}

describe("secrets in the browser", () => {
  it("previews a pasted .env by name, saves it by keyboard, and shows only names afterwards", async () => {
    const page = await browser.newPage();
    await signIn(page, app.url, ada);
    await page.getByRole("link", { name: "Secrets" }).click();
    await page.getByRole("heading", { name: "Secrets", level: 1 }).waitFor();
    await page.getByText("No secrets yet.").waitFor();

    await pasteAndPreview(page, DOTENV);
    await page.getByRole("list", { name: "Will be added" }).waitFor();
    expect(await previewNames(page, "Will be added")).toEqual(["API_TOKEN", "DATABASE_URL", "SENTRY_DSN"]);
    expect(await page.getByRole("list", { name: /Will be replaced/ }).count()).toBe(0);

    // Save is the next stop after Preview.
    await page.keyboard.press("Tab");
    expect(
      await page
        .getByRole("button", { name: "Save secrets" })
        .evaluate((element) => element === document.activeElement),
    ).toBe(true);
    await page.keyboard.press("Space");
    await page.getByText("Saved: added API_TOKEN, DATABASE_URL, SENTRY_DSN", { exact: true }).waitFor();
    await page.getByRole("list", { name: "Saved secrets" }).waitFor();
    expect(await savedNames(page)).toEqual(["API_TOKEN", "DATABASE_URL", "SENTRY_DSN"]);
    expect(await page.getByLabel("Paste a .env file").inputValue()).toBe("");
    await page
      .getByRole("list", { name: "Saved secrets" })
      .getByText(/Global · changed .* by Ada Lovelace/)
      .first()
      .waitFor();
    await expectNoValues(page);

    await page.reload();
    await page.getByRole("list", { name: "Saved secrets" }).waitFor();
    expect(await savedNames(page)).toEqual(["API_TOKEN", "DATABASE_URL", "SENTRY_DSN"]);
    await expectNoValues(page);
  });

  it("says which names a paste replaces, asks for a new preview after an edit, and refuses a bad line beside the field", async () => {
    const page = await browser.newPage();
    await signIn(page, app.url, ada);
    await page.goto(`${app.url}/settings/secrets`);
    await page.getByRole("list", { name: "Saved secrets" }).waitFor();

    await pasteAndPreview(page, "API_TOKEN=a-new-token-value\nEXTRA_FLAG=on");
    await page.getByRole("list", { name: /Will be replaced/ }).waitFor();
    expect(await previewNames(page, "Will be replaced")).toEqual(["API_TOKEN"]);
    expect(await previewNames(page, "Will be added")).toEqual(["EXTRA_FLAG"]);
    await page.getByText("Will be replaced (the saved value is overwritten)").waitFor();

    // Changing the text after the preview withdraws it: Save needs a preview of what is there now.
    await page.getByLabel("Paste a .env file").press("End");
    await page.keyboard.type("x");
    expect(await page.getByRole("button", { name: "Save secrets" }).count()).toBe(0);

    await page.getByLabel("Paste a .env file").fill("");
    await pasteAndPreview(page, "GOOD=1\nthis line is wrong\n");
    await page.getByRole("alert").filter({ hasText: "Line 2 is not KEY=value." }).waitFor();
    expect(await page.getByLabel("Paste a .env file").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel("Paste a .env file").getAttribute("aria-describedby")).toContain(
      await page.getByRole("alert").filter({ hasText: "Line 2" }).getAttribute("id"),
    );
    expect(await page.getByRole("button", { name: "Save secrets" }).count()).toBe(0);
  });

  it("removes a secret after confirming, by keyboard", async () => {
    const page = await browser.newPage();
    await signIn(page, app.url, ada);
    await page.goto(`${app.url}/settings/secrets`);
    await page.getByRole("list", { name: "Saved secrets" }).waitFor();

    await tabTo(page, page.getByRole("button", { name: "Remove SENTRY_DSN" }));
    await page.keyboard.press("Enter");
    const confirm = page.getByRole("alertdialog", { name: "Remove SENTRY_DSN?" });
    await confirm.waitFor();
    await tabTo(page, confirm.getByRole("button", { name: "Remove" }));
    await page.keyboard.press("Enter");
    await confirm.waitFor({ state: "detached" });
    await page.getByText("Removed SENTRY_DSN", { exact: true }).waitFor();
    expect(await savedNames(page)).toEqual(["API_TOKEN", "DATABASE_URL"]);
    await page.reload();
    await page.getByRole("list", { name: "Saved secrets" }).waitFor();
    expect(await savedNames(page)).toEqual(["API_TOKEN", "DATABASE_URL"]);
  });

  it("keeps a repository's own secrets on its settings page", async () => {
    const page = await browser.newPage();
    await signIn(page, app.url, ada);
    await page.getByRole("link", { name: "Repositories" }).click();
    await page.getByRole("button", { name: "Add repository" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a local repository" });
    await dialog.getByLabel("Path").fill(await createGitRepository({ name: "difference-engine" }));
    await dialog.getByRole("button", { name: "Add repository" }).click();
    await page.getByRole("link", { name: "Settings of difference-engine" }).click();
    await page.getByRole("heading", { name: "Secrets", level: 2 }).waitFor();
    await page.getByText("No secrets yet.").waitFor();

    await pasteAndPreview(page, "export API_TOKEN='tok-en with spaces #1'\n");
    await page.getByRole("list", { name: "Will be added" }).waitFor();
    // Named like a global secret, but this repository has none of its own yet.
    expect(await previewNames(page, "Will be added")).toEqual(["API_TOKEN"]);
    await tabTo(page, page.getByRole("button", { name: "Save secrets" }));
    await page.keyboard.press("Enter");
    await page
      .getByRole("list", { name: "Saved secrets" })
      .getByText(/This repository · changed/)
      .waitFor();
    expect(await savedNames(page)).toEqual(["API_TOKEN"]);
    await expectNoValues(page);
  });
});
