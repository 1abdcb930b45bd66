// The command line (actions/dist/cli.js, as `npx nightshift` runs it) against `npm run dev` on its
// embedded defaults: log in with a token from `npm run token`, `run --follow` a prompt that the
// real OpenCode in a real sandbox turns into a commit (its steps printed as they happen, exit 0),
// one that fails (exit 1), `prompt` to continue, `sessions --json`, `follow` and `stop`.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../../scripts/lib/app-process";
import { type FakeModelServer, startFakeModelServer } from "../fixtures/fake-model/server";
import { createGitRepository, git, temporaryDir } from "../support/git-repositories";
import { createToken, publicApi } from "./support/public-api";

let app: RunningApp;
let model: FakeModelServer;
let dataDir: string;
let configHome: string;

beforeAll(async () => {
  dataDir = path.join(await temporaryDir("nightshift-e2e-cli-"), ".nightshift");
  configHome = await temporaryDir("nightshift-cli-config-");
  model = await startFakeModelServer();
  app = await startApp({
    dataDir,
    mode: "dev",
    env: { NIGHTSHIFT_MODEL_BASE_URL: model.url, NIGHTSHIFT_MODEL_NAMES: "fake-coder" },
  });
});

afterAll(async () => {
  await app?.stop();
  await model?.close();
});

type Cli = { code: number; stdout: string; stderr: string; lines: Array<{ at: number; line: string }> };

/** `nightshift <args>`; each line of output with when it arrived, to see that steps came as they happened. */
function nightshift(args: string[], options: { stdin?: string } = {}): Promise<Cli> {
  const child = spawn(process.execPath, [path.resolve("actions/dist/cli.js"), ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, XDG_CONFIG_HOME: configHome, NODE_ENV: "production" },
  });
  const result: Cli = { code: -1, stdout: "", stderr: "", lines: [] };
  child.stdout.on("data", (chunk: Buffer) => {
    result.stdout += chunk.toString();
    for (const line of chunk.toString().split("\n").filter(Boolean)) result.lines.push({ at: Date.now(), line });
  });
  child.stderr.on("data", (chunk: Buffer) => (result.stderr += chunk.toString()));
  child.stdin.end(options.stdin ?? "");
  return new Promise((resolve) => child.on("exit", (code) => resolve({ ...result, code: code ?? 1 })));
}

describe("the nightshift command line", () => {
  it("logs in, runs a prompt following its steps live, continues, lists, and fails with a non-zero exit", async () => {
    const token = createToken(dataDir, "cli@example.com", "dev");
    const repositoryPath = await createGitRepository({ name: "cli-service" });
    const added = await publicApi(() => app.url)("/repositories", token, { path: repositoryPath });
    expect(added.status).toBe(201);

    const refused = await nightshift(["login", "--url", app.url, "--token", "nst_not-a-token"]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain("This API token is not valid");
    const login = await nightshift(["login", "--url", app.url], { stdin: `${token}\n` });
    expect(login.stderr).toBe("");
    expect(login.stdout).toBe(`Logged in to ${app.url}.\n`);

    model.script([
      {
        toolCalls: [
          {
            name: "bash",
            arguments: {
              command: "printf hi > hello.txt && git add hello.txt && git commit -q -m 'Add hello.txt'",
              description: "Create and commit hello.txt",
            },
          },
        ],
      },
      // Streamed slowly, so the steps before it show up while the agent is still writing.
      { text: "Committed hello.txt with hi in it, as asked.", chunkDelayMs: 400 },
    ]);
    const run = await nightshift(["run", "--follow", "--repo", "cli-service", "Create hello.txt containing hi."]);
    expect(run.stderr).toMatch(/^Session (\w+): http:\/\/127\.0\.0\.1:\d+\/sessions\/\w+\n$/);
    expect(run.code).toBe(0);
    const sessionId = /^Session (\w+)/.exec(run.stderr)![1]!;
    const shown = run.lines.map((entry) => entry.line);
    expect(shown).toEqual(
      expect.arrayContaining([
        "✓ bash: Create and commit hello.txt",
        "  Committed hello.txt with hi in it, as asked.",
        "■ finished",
        "completed",
        `branch: nightshift/${sessionId}`,
        `session: ${app.url}/sessions/${sessionId}`,
      ]),
    );
    // The tool call was printed while the answer was still streaming (about 4 s of it), not at the end.
    const toolAt = run.lines.find((entry) => entry.line.startsWith("✓ bash"))!.at;
    const doneAt = run.lines.find((entry) => entry.line === "■ finished")!.at;
    expect(doneAt - toolAt).toBeGreaterThan(1_000);
    expect(git(repositoryPath, "show", `nightshift/${sessionId}:hello.txt`)).toBe("hi");

    model.script([{ text: "Still here." }]);
    const again = await nightshift(["prompt", sessionId, "Are you there?"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("  Still here.");
    expect(again.stdout).not.toContain("Committed hello.txt");

    const listed = await nightshift(["sessions", "--json"]);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).sessions).toEqual([
      expect.objectContaining({ id: sessionId, status: "completed" }),
    ]);
    const followed = await nightshift(["follow", sessionId, "--json"]);
    expect(followed.code).toBe(0);
    expect(JSON.parse(followed.stdout)).toMatchObject({ prompt: { status: "completed" }, answer: "Still here." });
    const stop = await nightshift(["stop", sessionId]);
    expect(stop.code).toBe(3);
    expect(stop.stderr).toContain("Nothing is running in this session.");

    // The model provider refuses: the prompt fails, and so does the command.
    model.script([{ error: { status: 400, message: "This model refuses." } }]);
    const failing = await nightshift(["prompt", sessionId, "Try again."]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/\nfailed/);

    const usage = await nightshift(["run", "no prompt"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("Say which repository: --repo owner/name.");
  });
});
