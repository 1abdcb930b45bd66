import { existsSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";

/** Debian's Chromium (never a downloaded browser); CHROMIUM_PATH overrides where it is. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function hasChromium(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

type Person = { name: string; email: string };

/** Fills and submits the development sign-in form, whatever comes of it. */
export async function submitSignIn(page: Page, baseUrl: string, person: Person): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in with the development sign-in and waits to arrive at the sessions page. */
export async function signIn(page: Page, baseUrl: string, person: Person): Promise<void> {
  await submitSignIn(page, baseUrl, person);
  await page.waitForURL(`${baseUrl}/sessions`);
}

/** Signs in, then opens the repositories page from the header. */
export async function signInToRepositories(page: Page, baseUrl: string, person: Person): Promise<void> {
  await signIn(page, baseUrl, person);
  await page.getByRole("link", { name: "Repositories" }).click();
  await page.waitForURL(`${baseUrl}/repositories`);
}
