// The live multiplayer session in Chromium: two people, two browser contexts, one session. The
// agent is the real OpenCode in a local sandbox, driven by the fake model.
import path from "node:path";
import type { Browser, Page, WebSocketRoute } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../../scripts/lib/app-process";
import { type FakeModelServer, startFakeModelServer } from "../fixtures/fake-model/server";
import { createGitRepository, temporaryDir } from "../support/git-repositories";
import { launchBrowser, submitSignIn } from "./support/browser";
import { createToken, publicApi } from "./support/public-api";

let app: RunningApp;
let model: FakeModelServer;
let browser: Browser;
let dataDir: string;

const ada = { name: "Ada Lovelace", email: "ada@example.com" };
const grace = { name: "Grace Hopper", email: "grace@example.com" };

beforeAll(async () => {
  dataDir = path.join(await temporaryDir("nightshift-e2e-"), ".nightshift");
  model = await startFakeModelServer();
  [app, browser] = await Promise.all([
    startApp({ dataDir, env: { NIGHTSHIFT_MODEL_BASE_URL: model.url, NIGHTSHIFT_MODEL_NAMES: "fake-coder" } }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await model?.close();
});

async function signedIn(person: { name: string; email: string }): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await submitSignIn(page, app.url, person);
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  return page;
}

const api = publicApi(() => app.url);

/** A session on a new repository, opened through the public API with a token of `email`'s. */
async function sessionOf(email: string): Promise<string> {
  const token = createToken(dataDir, email, "production");
  const { json: added } = await api("/repositories", token, { path: await createGitRepository({ name: "engine" }) });
  const { json: created } = await api("/sessions", token, { repositoryId: added.repository.id });
  return created.session.id;
}

const assistantText = (page: Page) => page.locator('[data-kind="assistant-text"]').allTextContents();
const words = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, index) => `${prefix}${index}`).join(" ");

describe("a session, live, for two people", () => {
  it("streams to both, queues the second person's prompt behind the first, and shows a stop on both pages", async () => {
    const pageA = await signedIn(ada);
    const pageB = await signedIn(grace);
    const sessionId = await sessionOf(ada.email);
    const link = `${app.url}/sessions/${sessionId}`;

    model.script([
      {
        toolCalls: [
          {
            name: "bash",
            arguments: {
              command: "printf 'notes\\n' > notes.txt && git add notes.txt && git commit -q -m 'Add notes'",
              description: "Write notes",
            },
          },
        ],
      },
      { text: words("first", 250), chunkDelayMs: 60 },
      { text: `**Second** answer, in Markdown: ${words("second", 1500)}`, chunkDelayMs: 60 },
    ]);
    await pageA.goto(link);
    await pageA.getByRole("status").filter({ hasText: "Live" }).waitFor();
    expect(await pageA.getByTestId("usage-meter").innerText()).toBe("No model calls yet.");
    await pageA.getByLabel("Prompt", { exact: true }).fill("Write the first answer");
    await pageA.getByLabel("Prompt", { exact: true }).press("Enter");

    // Grace opens the shared link while it streams: both see each other, and the same stream.
    await pageB.goto(link);
    for (const page of [pageA, pageB]) {
      await page.getByLabel("Ada Lovelace is here").waitFor();
      await page.getByLabel("Grace Hopper is here").waitFor();
      await page.getByRole("article", { name: "Prompt from Ada Lovelace" }).waitFor();
      await page.locator('[data-kind="assistant-text"]').first().waitFor();
    }
    // The meter moved while the answer streams: the tool call's model call is counted (the fake
    // endpoint's model has no price, so tokens only), and the prompt has not ended.
    for (const page of [pageA, pageB])
      await page
        .getByTestId("usage-meter")
        .filter({ hasText: /^\d+ model calls?, [\d,]+ tokens \([\d,]+ out\), cost unknown/ })
        .waitFor();
    expect(await pageA.getByText("Prompt completed").count()).toBe(0);

    // Grace switches to another tab: Ada sees her away, then back.
    const setVisibility = (page: Page, visibility: "hidden" | "visible") =>
      page.evaluate((value) => {
        Object.defineProperty(document, "visibilityState", { configurable: true, get: () => value });
        document.dispatchEvent(new Event("visibilitychange"));
      }, visibility);
    await setVisibility(pageB, "hidden");
    await pageA.getByLabel("Grace Hopper is here (away)").waitFor();
    await setVisibility(pageB, "visible");
    await pageA.getByLabel("Grace Hopper is here", { exact: true }).waitFor();

    // Grace's prompt waits behind Ada's, then runs, attributed to her on both pages.
    await pageB.getByLabel("Prompt", { exact: true }).fill("Then the second");
    await pageB.getByLabel("Effort").selectOption("high");
    await pageB.getByRole("button", { name: "Send" }).click();
    await pageA.getByText(/Waiting 1: Grace Hopper/).waitFor();
    for (const page of [pageA, pageB]) {
      await page.getByText("Prompt completed").first().waitFor({ timeout: 60_000 });
      await page.getByRole("article", { name: "Prompt from Grace Hopper" }).waitFor({ timeout: 60_000 });
    }
    expect((await assistantText(pageA))[0]).toBe(words("first", 250));
    expect((await assistantText(pageB))[0]).toBe(words("first", 250));
    // The first prompt's commit was pushed: both pages list the file it changed.
    for (const page of [pageA, pageB]) {
      await page
        .getByRole("complementary", { name: "Session details" })
        .getByText("notes.txt", { exact: true })
        .waitFor();
    }

    // Ada stops Grace's long answer (Escape, then confirm); both pages show it stopped.
    await pageA.locator('[data-kind="assistant-text"]').nth(1).waitFor();
    // The assistant's Markdown is rendered, also while it streams.
    await pageB.locator('[data-kind="assistant-text"] strong', { hasText: "Second" }).waitFor();
    await pageA.getByRole("button", { name: "Stop", exact: true }).waitFor();
    await pageA.getByLabel("Prompt", { exact: true }).press("Escape");
    await pageA.getByRole("alertdialog").getByRole("button", { name: "Stop it" }).click();
    for (const page of [pageA, pageB]) {
      await page.getByText("Prompt ended: stopped by Ada Lovelace").waitFor({ timeout: 15_000 });
    }
    // Both pages hold the same timeline: the text streamed before the stop, once.
    expect(await assistantText(pageB)).toEqual(await assistantText(pageA));
    // Grace's prompt went to the model with the effort she chose for it.
    const graceAsked = model.requests.filter(
      (request) => !request.isTitleRequest && JSON.stringify(request.messages).includes("Then the second"),
    );
    expect(graceAsked.length).toBeGreaterThan(0);
    expect(graceAsked.every((request) => request.reasoningEffort === "high")).toBe(true);
    // Grace, who opened the shared link, is now one of the session's participants.
    const participants = await pageB.evaluate(async (id) => {
      const response = await fetch(
        `/api/trpc/session.get?input=${encodeURIComponent(JSON.stringify({ json: { sessionId: id } }))}`,
      );
      const body = (await response.json()) as {
        result: { data: { json: { participants: Array<{ role: string; user: { name: string } }> } } };
      };
      return body.result.data.json.participants
        .map((participant) => `${participant.user.name}:${participant.role}`)
        .sort();
    }, sessionId);
    expect(participants).toEqual(["Ada Lovelace:owner", "Grace Hopper:member"]);
  });
});

describe("a session page that loses its connection", () => {
  it("ends with exactly the stored timeline after a reload mid-stream, and after its realtime connection is cut for 10 s mid-stream", async () => {
    const pageA = await signedIn({ name: "Alan Turing", email: "alan@example.com" });
    const pageB = await signedIn({ name: "Joan Clarke", email: "joan@example.com" });
    const sessionId = await sessionOf("alan@example.com");
    const answer = words("word", 400);
    model.script([{ text: answer, chunkDelayMs: 50 }]);

    // B's realtime connection goes through the test, which can cut it.
    let isCut = false;
    const sockets: WebSocketRoute[] = [];
    await pageB.routeWebSocket(/\/app\//, (socket) => {
      if (isCut) return void socket.close({ reason: "cut by the test" });
      socket.connectToServer();
      sockets.push(socket);
    });
    await pageA.goto(`${app.url}/sessions/${sessionId}`);
    await pageB.goto(`${app.url}/sessions/${sessionId}`);
    await pageA.getByRole("status").filter({ hasText: "Live" }).waitFor();
    await pageB.getByRole("status").filter({ hasText: "Live" }).waitFor();
    await pageA.getByLabel("Prompt", { exact: true }).fill("Talk for a while");
    await pageA.getByLabel("Prompt", { exact: true }).press("Enter");
    await pageA.locator('[data-kind="assistant-text"]').first().waitFor();
    await pageB.locator('[data-kind="assistant-text"]').first().waitFor();

    // A reloads mid-stream; B's realtime connection is cut for 10 s mid-stream.
    await pageA.reload();
    isCut = true;
    for (const socket of sockets.splice(0)) await socket.close({ reason: "cut by the test" });
    await pageB.getByRole("status").filter({ hasText: "Reconnecting…" }).waitFor();
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    isCut = false;

    for (const page of [pageA, pageB]) {
      await page.getByText("Prompt completed").waitFor({ timeout: 60_000 });
      await expect.poll(() => assistantText(page), { timeout: 10_000 }).toEqual([answer]);
    }
  });
});
