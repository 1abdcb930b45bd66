// Administrators as people meet them, on the embedded default with nobody named in
// NIGHTSHIFT_ADMINS: the first person to sign in administers Nightshift, and the Settings page
// says so; whoever comes next sees the global secrets' names and the model providers, and is told
// who can change them instead of being offered controls the server would refuse.
import { describe, expect, it } from "vitest";
import { withAppAndBrowser } from "./support/app";
import { signIn } from "./support/browser";

const running = withAppAndBrowser();

const ada = { name: "Ada Lovelace", email: "ada@example.com" };
const grace = { name: "Grace Hopper", email: "grace@example.com" };

describe("administrators", () => {
  it("makes the first person to sign in the administrator, who can change the global secrets", async () => {
    const { app, browser } = running;
    const page = await browser.newPage();
    await signIn(page, app.url, ada);
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByText("You are an administrator.").waitFor();
    await page.getByText("The administrator is the first person who signed in (Ada Lovelace).").waitFor();

    await page.getByRole("link", { name: "Secrets" }).click();
    await page.getByRole("button", { name: "Preview" }).waitFor();
    expect(await page.getByRole("note").count()).toBe(0);
    expect(app.output()).toMatch(/sign-in: development sign-in.*administrator: the first person to sign in/);
  });

  it("shows the next person names only, and who can change them", async () => {
    const { app, browser } = running;
    const page = await browser.newPage();
    await signIn(page, app.url, grace);
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByText("You are not an administrator.").waitFor();

    await page.getByRole("link", { name: "Secrets" }).click();
    await page
      .getByRole("note")
      .filter({
        hasText:
          "Only administrators change the global secrets. The administrator is the first person who signed in (Ada Lovelace).",
      })
      .waitFor();
    await page.getByRole("heading", { name: "Saved secrets" }).waitFor();
    expect(await page.getByRole("button", { name: "Preview" }).count()).toBe(0);
    expect(await page.getByRole("textbox").count()).toBe(0);

    await page.getByRole("link", { name: "Models" }).click();
    await page.getByRole("note").filter({ hasText: "Only administrators change the providers added here." }).waitFor();
    expect(await page.getByRole("button", { name: "Add a provider" }).count()).toBe(0);
  });
});
