// `npm run bench:session [rounds]`: how fast a prompt runs end to end, and what a sandbox costs.
// Prints figures and asserts nothing; record them in docs/benchmarks.md. Each round, against
// `npm start` on embedded defaults with the fake model server (so the model's own time is ~0):
//   - a new session with a first prompt, from the API call to the prompt completed: a cold
//     sandbox (clone, OpenCode's start) plus the prompt, with the boot phases' own durations;
//   - a second prompt in the same, warm sandbox: API call to completed;
//   - the delay from the model's first streamed word to the event stored in the timeline;
//   - the resident memory of the sandbox's processes (bubblewrap, the bridge, OpenCode).
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { descendantsOf, startApp } from "../scripts/lib/app-process";
import { startFakeModelServer } from "../tests/fixtures/fake-model/server";

const rounds = Number(process.argv[2] ?? 3);
const figures: Record<string, number[]> = {};
const record = (name: string, value: number) => (figures[name] ??= []).push(value);

/** A repository of `commits` commits (the tests' helper registers vitest hooks, so not that). */
async function createRepository(root: string, commits: number): Promise<string> {
  const dir = await mkdtemp(path.join(root, "repo-"));
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: dir,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "Bench",
        GIT_AUTHOR_EMAIL: "bench@example.com",
        GIT_COMMITTER_NAME: "Bench",
        GIT_COMMITTER_EMAIL: "bench@example.com",
      },
    });
  git("init", "-q", "-b", "main");
  for (let index = 0; index < commits; index++) {
    await writeFile(path.join(dir, `file-${index}.txt`), `content ${index}\n`.repeat(100));
    git("add", ".");
    git("commit", "-q", "-m", `commit ${index}`);
  }
  return dir;
}

async function residentMiB(pids: number[]): Promise<number> {
  let kib = 0;
  for (const pid of pids) {
    const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
    kib += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  }
  return kib / 1024;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function main(): Promise<void> {
  const model = await startFakeModelServer();
  const root = await mkdtemp(path.join(os.tmpdir(), "nightshift-bench-"));
  const dataDir = path.join(root, ".nightshift");
  const app = await startApp({
    dataDir,
    env: { NIGHTSHIFT_MODEL_BASE_URL: model.url, NIGHTSHIFT_MODEL_NAMES: "fake-coder" },
  });
  const env = {
    NODE_ENV: "production" as const,
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    NIGHTSHIFT_DATA_DIR: dataDir,
    NIGHTSHIFT_ALLOW_DEV_SIGNIN: "true",
  };
  const token = execFileSync("npm", ["run", "--silent", "token", "--", "create", "--email", "bench@example.com"], {
    env,
    encoding: "utf8",
  }).trim();
  const api = async (pathname: string, body?: unknown): Promise<Json> => {
    const response = await fetch(`${app.url}/api/v1${pathname}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await response.json()) as Json;
  };
  const waitDone = async (sessionId: string, index: number) => {
    for (;;) {
      const { messages } = await api(`/sessions/${sessionId}`);
      const message = messages[index];
      if (message && ["completed", "failed"].includes(message.status)) {
        if (message.status !== "completed") throw new Error(`prompt failed: ${message.error}`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  try {
    for (let round = 0; round < rounds; round++) {
      const { repository } = await api("/repositories", { path: await createRepository(root, 20) });
      model.script([{ text: "First answer, five words." }, { text: "Second answer, five words." }]);

      let started = performance.now();
      const { session } = await api("/sessions", { repositoryId: repository.id, prompt: { content: "Say something" } });
      await waitDone(session.id, 0);
      record("first prompt, cold sandbox: API call to completed (ms)", performance.now() - started);
      const { events } = (await api(`/sessions/${session.id}/events?after=0&limit=500`)) as { events: Json[] };
      const at = (matches: (event: Json) => boolean) => new Date(events.find(matches)!.createdAt).getTime();
      const queued = new Date(session.createdAt).getTime();
      record("  queued → the sandbox's first event (dispatch, spawn) (ms)", at(() => true) - queued);
      for (const event of events) {
        if (event.type === "boot_phase" && event.data.status === "finished")
          record(`  boot phase ${event.data.phase} (ms)`, event.data.durationMs);
      }
      const ready = at((event) => event.type === "sandbox_status" && event.data.status === "ready");
      record("  ready → first prompt completed (ms)", at((event) => event.type === "execution_complete") - ready);

      // This round's sandbox: the newest bubblewrap process under the server, and what runs in it.
      const sandbox = Math.max(
        ...(await Promise.all(
          descendantsOf(app.pid).map(async (pid) =>
            (await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "")).startsWith("bwrap") ? pid : 0,
          ),
        )),
      );
      record(
        "sandbox resident memory, idle after a prompt (MiB)",
        await residentMiB([sandbox, ...descendantsOf(sandbox)]),
      );

      started = performance.now();
      await api(`/sessions/${session.id}/prompts`, { content: "Say more" });
      await waitDone(session.id, 1);
      record("second prompt, warm sandbox: API call to completed (ms)", performance.now() - started);
    }
  } finally {
    await app.stop();
    await model.close();
    await rm(root, { recursive: true, force: true });
  }

  console.log(`session loop, ${rounds} rounds (npm start, embedded defaults, fake model)`);
  for (const [name, values] of Object.entries(figures)) {
    const sorted = [...values].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    console.log(
      `${name.padEnd(58)} median ${median.toFixed(0).padStart(6)}  min ${sorted[0]!.toFixed(0).padStart(6)}  max ${sorted.at(-1)!.toFixed(0).padStart(6)}`,
    );
  }
}

await main();
