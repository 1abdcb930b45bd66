// The public API against a running Nightshift: a token from `npm run token`, then HTTP; and
// tokens created and revoked on the settings page.
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../../scripts/lib/app-process";
import { createGitRepository, temporaryDir } from "../support/git-repositories";
import { launchBrowser, signIn } from "./support/browser";
import { createToken, publicApi } from "./support/public-api";

let app: RunningApp;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  dataDir = path.join(await temporaryDir("nightshift-e2e-"), ".nightshift");
  [app, browser] = await Promise.all([startApp({ dataDir }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const npmRunToken = (email: string) => createToken(dataDir, email, "production");
const api = publicApi(() => app.url);

describe("the public API", () => {
  it("works with a token made by npm run token while Nightshift runs", async () => {
    const token = npmRunToken("robot@example.com");
    expect(token).toMatch(/^nst_[\w-]{43}$/);

    const repository = await api("/repositories", token, { path: await createGitRepository({ name: "automaton" }) });
    expect(repository).toMatchObject({
      status: 201,
      json: { repository: { name: "automaton", addedBy: { email: "robot@example.com" } } },
    });
    const session = await api("/sessions", token, {
      repositoryId: (repository.json.repository as { id: string }).id,
      model: "anthropic/claude-sonnet-4-5",
    });
    expect(session).toMatchObject({
      status: 400,
      json: {
        error: {
          code: "VALIDATION",
          fieldErrors: {
            model: [expect.stringContaining("Claude Sonnet 4.5 cannot be used: Anthropic has no API key")],
          },
        },
      },
    });
    expect(await api("/sessions/missing/events", token)).toMatchObject({
      status: 404,
      json: { error: { code: "NOT_FOUND" } },
    });
    expect(await api("/repositories", "nst_not-a-token")).toMatchObject({
      status: 401,
      json: { error: { code: "UNAUTHENTICATED" } },
    });

    const openapi = await fetch(`${app.url}/api/v1/openapi.json`);
    expect(openapi.status).toBe(200);
  });

  it("creates a token on the settings page, shows it once, and revokes it", async () => {
    const page = await browser.newPage();
    await signIn(page, app.url, { name: "Ada Lovelace", email: "ada@example.com" });
    await page.getByRole("link", { name: "API tokens" }).click();
    await page.getByLabel("New token's name").fill("laptop");
    await page.getByRole("button", { name: "Create token" }).click();

    const shown = page.getByRole("status").filter({ hasText: "Copy the token laptop now" }).locator("code");
    const token = (await shown.textContent()) ?? "";
    expect(token).toMatch(/^nst_/);
    expect((await api("/repositories", token)).status).toBe(200);

    // As a person would: find the new token in the list, revoke it there, see it marked revoked.
    const listed = page.getByRole("listitem").filter({ hasText: "laptop" });
    await listed.getByRole("button", { name: "Revoke laptop" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Revoke" }).click();
    await listed.getByText(/^revoked /).waitFor();
    expect(await api("/repositories", token)).toMatchObject({
      status: 401,
      json: { error: { code: "UNAUTHENTICATED" } },
    });
    await page.reload();
    expect(await page.getByText(token).count()).toBe(0);
  });

  it("lists a token created while the list was still loading", async () => {
    const page = await browser.newPage();
    await signIn(page, app.url, { name: "Grace Hopper", email: "grace@example.com" });
    // A slow network: the list's first answer is read before the token exists, and arrives after
    // it was created. The list must still end up showing the token.
    let release = () => {};
    const isReleased = new Promise<void>((resolve) => (release = resolve));
    let isFirst = true;
    await page.route(/\/api\/trpc\/[^?]*apiToken\.list/, async (route) => {
      if (!isFirst) return route.continue();
      isFirst = false;
      const response = await route.fetch();
      await isReleased;
      // The page may have given up on this answer by now.
      await route.fulfill({ response }).catch(() => {});
    });
    await page.getByRole("link", { name: "API tokens" }).click();
    await page.getByLabel("New token's name").fill("desktop");
    await page.getByRole("button", { name: "Create token" }).click();
    await page.getByRole("status").filter({ hasText: "Copy the token desktop now" }).waitFor();
    release();
    await page
      .getByRole("listitem")
      .filter({ hasText: "desktop" })
      .getByRole("button", { name: "Revoke desktop" })
      .waitFor();
  });
});
