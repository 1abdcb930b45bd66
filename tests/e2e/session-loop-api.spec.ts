// The whole loop through the public API against `npm run dev` on its embedded defaults: a token
// from `npm run token`, a local repository, a session whose prompt the agent (real OpenCode in a
// real local sandbox, driven by the fake model) turns into a commit on the session branch.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../../scripts/lib/app-process";
import { type FakeModelServer, startFakeModelServer } from "../fixtures/fake-model/server";
import { createGitRepository, git, temporaryDir } from "../support/git-repositories";
import { createToken, publicApi } from "./support/public-api";

let app: RunningApp;
let model: FakeModelServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = path.join(await temporaryDir("nightshift-e2e-"), ".nightshift");
  model = await startFakeModelServer();
  app = await startApp({
    dataDir,

    mode: "dev",
    env: { NIGHTSHIFT_MODEL_BASE_URL: model.url, NIGHTSHIFT_MODEL_NAMES: "fake-coder" },
  });
});

afterAll(async () => {
  await model?.close();
});

/** Processes still running from this app's sandboxes (their environment names its data directory's sandboxes). */
function findSandboxProcesses(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
      if (
        cmdline.includes(path.join(dir, "sandboxes")) ||
        (cmdline.includes("bridge.mjs") && readFileSync(`/proc/${entry}/environ`, "utf8").includes(dir))
      ) {
        found.push(`${entry} ${cmdline}`);
      }
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

const npmRunToken = (email: string) => createToken(dataDir, email, "dev");
const api = publicApi(() => app.url);

async function waitForPrompt(token: string, sessionId: string, messageId: string) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { json } = await api(`/sessions/${sessionId}`, token);
    const message = (json.messages as Array<{ id: string; status: string }>).find(
      (candidate) => candidate.id === messageId,
    );
    if (message && ["completed", "failed", "cancelled"].includes(message.status)) return message;
    if (Date.now() > deadline)
      throw new Error(`prompt ${messageId} did not finish: ${JSON.stringify(json)}\n${app.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe("a session through the public API", () => {
  it("runs a prompt to a commit on the session branch, and refuses bad requests each with its own code", async () => {
    expect(app.output()).toMatch(/realtime: embedded Pusher-protocol server on ws:\/\/127\.0\.0\.1:\d+/);
    const token = npmRunToken("automation@example.com");
    const repositoryPath = await createGitRepository({ name: "service" });
    const repository = await api("/repositories", token, { path: repositoryPath });
    expect(repository.status).toBe(201);

    model.script([
      {
        toolCalls: [
          {
            name: "bash",
            arguments: {
              command: "printf hi > hello.txt && git add hello.txt && git commit -q -m 'Add hello.txt'",
              description: "Create and commit",
            },
          },
        ],
      },
      { text: "Committed hello.txt." },
    ]);
    const created = await api("/sessions", token, {
      repositoryId: repository.json.repository.id,
      prompt: { content: "Create hello.txt containing hi and commit it.", clientRequestId: "first" },
    });
    expect(created.status).toBe(201);
    const sessionId = created.json.session.id as string;
    const messageId = (await api(`/sessions/${sessionId}`, token)).json.messages[0].id as string;

    expect(await waitForPrompt(token, sessionId, messageId)).toMatchObject({ status: "completed" });
    const session = await api(`/sessions/${sessionId}`, token);
    expect(session.json.session).toMatchObject({
      status: "completed",
      title: model.title,
      branch: `nightshift/${sessionId}`,
    });
    expect(session.json.artifacts).toEqual([expect.objectContaining({ kind: "branch" })]);
    expect(git(repositoryPath, "show", `nightshift/${sessionId}:hello.txt`)).toBe("hi");
    expect(git(repositoryPath, "log", "-1", "--format=%ae %ce", `nightshift/${sessionId}`)).toBe(
      "automation@example.com nightshift-bot@users.noreply.github.com",
    );

    const page1 = await api(`/sessions/${sessionId}/events?after=0&limit=5`, token);
    expect(page1.json.events.map((event: { seq: number }) => event.seq)).toEqual([1, 2, 3, 4, 5]);
    const rest = await api(`/sessions/${sessionId}/events?after=5&limit=500`, token);
    const types = [...page1.json.events, ...rest.json.events].map((event: { type: string }) => event.type);
    expect(types).toEqual(expect.arrayContaining(["user_message", "tool_call", "step_finish", "execution_complete"]));

    // Errors, each with its own code.
    expect(await api(`/sessions/${sessionId}`, "nst_not-a-real-token")).toMatchObject({
      status: 401,
      json: { error: { code: "UNAUTHENTICATED" } },
    });
    expect(await api("/sessions/no-such-session", token)).toMatchObject({
      status: 404,
      json: { error: { code: "NOT_FOUND" } },
    });
    expect(await api(`/sessions/${sessionId}/prompts`, token, { content: "x".repeat(64_001) })).toMatchObject({
      status: 400,
      json: { error: { code: "VALIDATION", fieldErrors: { content: [expect.stringContaining("64,000")] } } },
    });
    model.script([{ text: Array.from({ length: 2000 }, (_, index) => `w${index}`).join(" "), chunkDelayMs: 50 }]);
    for (let index = 0; index < 10; index++) {
      expect((await api(`/sessions/${sessionId}/prompts`, token, { content: `Prompt ${index}` })).status).toBe(201);
    }
    expect(await api(`/sessions/${sessionId}/prompts`, token, { content: "One too many" })).toMatchObject({
      status: 429,
      json: { error: { code: "LIMIT_EXCEEDED", message: expect.stringContaining("10 prompts") } },
    });
    expect(await api(`/sessions/${sessionId}/stop`, token, {})).toMatchObject({ status: 200 });

    // Ctrl-C takes the sandboxes (bridge and OpenCode) down with the server.
    const report = await app.stop();
    expect(report.leftBehind).toEqual([]);
    expect(findSandboxProcesses(dataDir)).toEqual([]);
  });
});
