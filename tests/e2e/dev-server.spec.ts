// `npm run dev` as a person meets it: the dev server on embedded defaults, interactive in the
// browser, stopped by Ctrl-C without leaving anything behind.
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../../scripts/lib/app-process";
import { createGitRepository, temporaryDir } from "../support/git-repositories";
import { launchBrowser, signInToRepositories } from "./support/browser";

let app: RunningApp | undefined;
let browser: Browser;
let busyReason: string | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
  const dataDir = path.join(await temporaryDir("nightshift-e2e-"), ".nightshift");
  try {
    app = await startApp({ dataDir, mode: "dev", readyPath: "/sign-in" });
  } catch (error) {
    // Next.js allows one dev server per checkout: a developer's own `npm run dev` holds it.
    const isBusy = /Another next dev server is already running/.test(String(error));
    if (!isBusy || process.env.CI) throw error;
    busyReason = "another `npm run dev` is running in this checkout";
  }
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("npm run dev", () => {
  it("serves an interactive app at 127.0.0.1, and stops cleanly", async (context) => {
    context.skip(app === undefined, busyReason);
    if (!app) return;
    const repository = await createGitRepository({ name: "orrery" });
    const page = await browser.newPage();
    await signInToRepositories(page, app.url, { name: "Ada Lovelace", email: "ada@example.com" });

    await page.getByRole("button", { name: "Add repository" }).click();
    await page.getByRole("dialog").getByLabel("Path").fill(repository);
    await page.getByRole("dialog").getByRole("button", { name: "Add repository" }).click();
    await page.getByRole("row").filter({ hasText: "orrery" }).waitFor();

    expect(await app.stop()).toEqual({ exitCode: 130, leftBehind: [] });
  });
});
