import { type Browser, chromium, type Page } from "playwright-core";
import { chromiumSearchDescription, findChromium } from "../../../scripts/lib/find-program";

/** Debian's Chromium (never a downloaded browser): `chromium` on PATH, or CHROMIUM_PATH. */
export function hasChromium(): boolean {
  return findChromium() !== undefined;
}

export function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error(`No Chromium ${chromiumSearchDescription()}: apt-get install chromium fonts-liberation.`);
  return chromium.launch({
    executablePath,
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

/** Picks `option` in the listbox labelled `label` (the form's repository, branch, model and effort pickers). */
export async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).click();
  await page.getByRole("option", { name: option, exact: true }).click();
}
