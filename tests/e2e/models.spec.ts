// Model providers as a person manages them, by keyboard, in Debian's Chromium against the
// production build: hosted providers without a key are shown unavailable with the reason; a key
// saved as a global secret makes one available; an OpenAI-compatible provider is added with its
// key, which never comes back to the page.
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../../scripts/lib/app-process";
import { temporaryDir } from "../support/git-repositories";
import { launchBrowser, signIn } from "./support/browser";

let app: RunningApp;
let browser: Browser;

const grace = { name: "Grace Hopper", email: "grace@example.com" };
const GATEWAY_KEY = "gw-key-that-must-not-come-back";
const ANTHROPIC_KEY = "sk-ant-e2e-never-shown";

beforeAll(async () => {
  const dataDir = path.join(await temporaryDir("nightshift-e2e-"), ".nightshift");
  [app, browser] = await Promise.all([startApp({ dataDir }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const providerRow = (page: Page, label: string) =>
  page.getByRole("region", { name: "Providers" }).getByRole("listitem").filter({ hasText: label });

describe("models in the browser", () => {
  it("shows hosted providers unavailable with the reason, and Anthropic available once its key is a global secret", async () => {
    const page = await browser.newPage();
    await signIn(page, app.url, grace);
    await page.getByRole("link", { name: "Models" }).click();
    await page.getByRole("heading", { name: "Models", level: 1 }).waitFor();
    await providerRow(page, "Anthropic").getByText("Unavailable").waitFor();
    await providerRow(page, "Anthropic")
      .getByText(
        "Anthropic has no API key: add ANTHROPIC_API_KEY as a global secret (on the Secrets page) or set it in Nightshift's environment.",
      )
      .waitFor();

    await page.getByRole("link", { name: "Secrets" }).click();
    await page.getByLabel("Paste a .env file").fill(`ANTHROPIC_API_KEY=${ANTHROPIC_KEY}`);
    await page.getByRole("button", { name: "Preview" }).press("Enter");
    await page.getByRole("button", { name: "Save secrets" }).press("Enter");
    await page.getByText("Saved: added ANTHROPIC_API_KEY", { exact: true }).waitFor();

    await page.getByRole("link", { name: "Models" }).click();
    await providerRow(page, "Anthropic").getByText("Available", { exact: true }).waitFor();
    await providerRow(page, "OpenAI").getByText("Unavailable").waitFor();
    expect(await page.content()).not.toContain(ANTHROPIC_KEY);
  });

  it("adds an OpenAI-compatible provider by keyboard, shows it without its key, and removes it", async () => {
    const page = await browser.newPage();
    await signIn(page, app.url, grace);
    await page.goto(`${app.url}/settings/models`);
    await page.getByRole("button", { name: "Add a provider" }).press("Enter");

    await page.getByLabel("Id", { exact: true }).focus();
    await page.keyboard.type("openai");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Our gateway");
    await page.keyboard.press("Tab");
    await page.keyboard.type("http://127.0.0.1:9/v1");
    await page.keyboard.press("Tab");
    await page.keyboard.type(GATEWAY_KEY);
    await page.keyboard.press("Tab");
    await page.keyboard.type("llama-4\nqwen3-coder");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    // A built-in id is refused beside the field.
    await page.getByText("That id belongs to a built-in provider; choose another.").waitFor();
    expect(await page.getByLabel("Id", { exact: true }).getAttribute("aria-invalid")).toBe("true");

    await page.getByLabel("Id", { exact: true }).fill("gateway");
    await page.getByRole("button", { name: "Add provider" }).press("Enter");
    await page.getByText("Saved Our gateway", { exact: true }).waitFor();
    await page.getByText("http://127.0.0.1:9/v1 · key saved · no price · llama-4, qwen3-coder").waitFor();
    await providerRow(page, "Our gateway").getByText("Available", { exact: true }).waitFor();
    expect(await page.content()).not.toContain(GATEWAY_KEY);

    await page.reload();
    await page.getByRole("button", { name: "Edit Our gateway" }).press("Enter");
    expect(await page.getByLabel("API key").inputValue()).toBe("");
    await page.getByText("A key is saved; leave this empty to keep it.").waitFor();
    await page.getByRole("button", { name: "Cancel" }).press("Enter");

    await page.getByRole("button", { name: "Remove Our gateway" }).press("Enter");
    const confirm = page.getByRole("alertdialog", { name: "Remove gateway?" });
    await confirm.getByRole("button", { name: "Remove" }).press("Enter");
    await page.getByText("Removed gateway", { exact: true }).waitFor();
    expect(await providerRow(page, "Our gateway").count()).toBe(0);
  });
});
