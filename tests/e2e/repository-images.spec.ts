// A repository's prebuilt images on its settings page, by keyboard, in Debian's Chromium against
// the production build, with the server's own job building them in a real sandbox: none at first,
// "Rebuild now" builds one, a failing setup.sh shows as failed with its reason and output, and once
// fixed the next build is ready at the branch's commit.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../../scripts/lib/app-process";
import { createGitRepository, git, temporaryDir } from "../support/git-repositories";
import { launchBrowser, signIn } from "./support/browser";

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  const dataDir = path.join(await temporaryDir("nightshift-e2e-"), ".nightshift");
  [app, browser] = await Promise.all([startApp({ dataDir }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let presses = 0; presses < 80; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error("Tab never reached the element");
}

describe("repository images in the browser", () => {
  it("shows none, builds one on Rebuild now, shows a failure with its output, and a ready image once fixed", async () => {
    const dir = await createGitRepository({
      name: "jacquard-loom",
      files: { ".nightshift/setup.sh": 'echo "resolving left-pad"\necho "npm ERR! 404 left-pad" >&2\nexit 1\n' },
    });
    const page = await browser.newPage();
    await signIn(page, app.url, { name: "Ada Lovelace", email: "ada@example.com" });
    await page.getByRole("link", { name: "Repositories" }).click();
    await page.getByRole("button", { name: "Add repository" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a local repository" });
    await dialog.getByLabel("Path").fill(dir);
    await dialog.getByRole("button", { name: "Add repository" }).click();
    await page.getByRole("link", { name: "Settings of jacquard-loom" }).click();
    await page.getByRole("heading", { name: "Images", level: 2 }).waitFor();
    const state = page.getByTestId("image-state");
    await state.getByText("No image yet; new sessions boot fresh.").waitFor();

    await tabTo(page, page.getByRole("button", { name: "Rebuild now" }));
    await page.keyboard.press("Enter");
    await page.getByText("Image build started", { exact: true }).waitFor();
    // The list refreshes while the build runs, until it ends.
    await state.getByText("The last build failed; new sessions boot fresh.").waitFor({ timeout: 60_000 });
    const builds = page.getByRole("list", { name: "Recent image builds" }).getByRole("listitem");
    expect(await builds.count()).toBe(1);
    await builds.first().getByText("setup.sh failed with exit code 1").waitFor();
    await builds
      .first()
      .getByText(/rebuilt by Ada Lovelace/)
      .waitFor();
    const output = builds.first().getByText("Output of setup.sh");
    await tabTo(page, output);
    await page.keyboard.press("Enter");
    await builds
      .first()
      .getByText(/npm ERR! 404 left-pad/)
      .waitFor();

    // Fixed on the default branch: the next build is ready at that commit.
    await writeFile(path.join(dir, ".nightshift/setup.sh"), 'mkdir -p deps && echo "installed" > deps/ok\n');
    git(dir, "commit", "-q", "-am", "Fix setup");
    const head = git(dir, "rev-parse", "HEAD").slice(0, 7);
    await tabTo(page, page.getByRole("button", { name: "Rebuild now" }));
    await page.keyboard.press("Enter");
    await state.getByText(`Ready: main at ${head}`, { exact: false }).waitFor({ timeout: 60_000 });
    expect(await builds.count()).toBe(2);
    expect(await builds.first().innerText()).toContain("Ready");
  });
});
