// The app and the browser an e2e file uses: a production build started on embedded defaults with
// a fresh data directory of its own, and Debian's Chromium; both stopped after the file.
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { type RunningApp, startApp } from "../../../scripts/lib/app-process";
import { temporaryDir } from "../../support/git-repositories";
import { launchBrowser } from "./browser";

export function withAppAndBrowser(): { readonly app: RunningApp; readonly browser: Browser } {
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    const dataDir = path.join(await temporaryDir("nightshift-e2e-"), ".nightshift");
    [app, browser] = await Promise.all([startApp({ dataDir }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });
  return {
    get app() {
      if (!app) throw new Error("The app is started in beforeAll: use it inside a test.");
      return app;
    },
    get browser() {
      if (!browser) throw new Error("The browser is launched in beforeAll: use it inside a test.");
      return browser;
    },
  };
}
