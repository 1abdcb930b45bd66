// `npm run dev` and `npm start`: one command that runs everything the configuration needs —
// the embedded database when DATABASE_URL is not set (migrations applied), the embedded realtime
// server when no Pusher app is configured, then Next.js (the dev server, or the production
// server, building first when there is no build), which prints what serves each port. Ctrl-C
// stops all of it: Next.js runs in its own process group, which is stopped as a whole.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { EmbeddedDatabaseBusyError } from "../server/database/embedded";
import { MigrationError } from "../server/database/migrate";
import { loadProjectEnv } from "./lib/project-env";
import { buildBridge } from "./build-bridge";
import { type PreparedDatabase, prepareDatabase } from "./lib/prepare-database";
import { type PreparedRealtime, prepareRealtime } from "./lib/start-realtime";

const STOP_TIMEOUT_MS = 10_000;
const GROUP_EXIT_TIMEOUT_MS = 5_000;
const mode = process.argv[2] === "start" ? "start" : "dev";
const say = (line: string) => console.log(`nightshift  ${line}`);
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

const { env, source: loaded } = await loadProjectEnv({
  nodeEnv: mode === "start" ? "production" : "development",
  managesGeneratedSecrets: true,
});
// Next.js's anonymous telemetry stays off unless the operator turns it on (docs/self-hosting.md).
const source = { NEXT_TELEMETRY_DISABLED: "1", ...loaded };

let child: ChildProcess | undefined;
let database: PreparedDatabase | undefined;
let realtime: PreparedRealtime | undefined;
let isStopping = false;

for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
  ["SIGHUP", 129],
] as const) {
  process.on(signal, () => {
    // A second Ctrl-C while stopping: stop waiting.
    if (isStopping) {
      killGroup("SIGKILL");
      process.exit(code);
    }
    void stop(code);
  });
}
// Last resort if this process exits some other way: take the whole group down with it.
process.on("exit", () => killGroup("SIGKILL"));

try {
  if (mode === "start" && !existsSync(".next/BUILD_ID")) {
    say("no production build found: running next build first");
    const code = await runToEnd(["build"], source);
    if (code !== 0) await stop(code);
  }
  if (!isStopping) {
    database = await prepareDatabase(env, { onWarning: (message) => say(`warning: ${message}`) });
    if (database.applied.length > 0) say(`applied migrations: ${database.applied.join(", ")}`);
    realtime = await prepareRealtime(env);
    // The bundle sandboxes run; quick (esbuild), and always matches the checked-out source.
    await buildBridge();
  }
  if (!isStopping) {
    child = startNext([mode === "dev" ? "dev" : "start"], {
      ...source,
      ...realtime?.env,
      DATABASE_URL: database?.choice.url,
      // The server prints every port's choice at startup (instrumentation.ts); it learns here
      // which services were started for it.
      NIGHTSHIFT_EMBEDDED: [database?.choice.kind === "embedded" && "database", realtime?.isEmbedded && "realtime"]
        .filter(Boolean)
        .join(","),
    });
    child.on("exit", (code, signal) => {
      child = undefined;
      if (isStopping) return;
      say(`Next.js exited (${signal ?? `code ${code}`})`);
      void stop(code ?? 1);
    });
  }
} catch (error) {
  const isKnown = error instanceof MigrationError || error instanceof EmbeddedDatabaseBusyError;
  console.error(`\nnightshift  could not start: ${isKnown ? error.message : String(error)}\n`);
  await stop(1);
}

function startNext(args: string[], childEnv: Record<string, string | undefined>): ChildProcess {
  return spawn(process.execPath, [nextBin, ...args], {
    stdio: "inherit",
    env: childEnv as NodeJS.ProcessEnv,
    detached: true,
  });
}

function runToEnd(args: string[], childEnv: Record<string, string | undefined>): Promise<number> {
  child = startNext(args, childEnv);
  return new Promise((resolve) => {
    child?.on("exit", (code) => {
      child = undefined;
      resolve(code ?? 1);
    });
  });
}

async function stop(code: number): Promise<void> {
  if (isStopping) return;
  isStopping = true;
  if (child) {
    say("stopping…");
    await stopChild(child);
  }
  await realtime?.stop();
  await database?.stop();
  process.exit(code);
}

async function stopChild(running: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
  killGroup("SIGTERM", running.pid);
  const timer = setTimeout(() => killGroup("SIGKILL", running.pid), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
  // Next.js's own workers share the group; make sure none outlives it. SIGKILL takes effect
  // asynchronously, so wait until the group is really empty before exiting ourselves.
  killGroup("SIGKILL", running.pid);
  await waitForGroupToVanish(running.pid);
}

async function waitForGroupToVanish(pid: number | undefined): Promise<void> {
  if (!pid) return;
  const deadline = Date.now() + GROUP_EXIT_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      process.kill(-pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  say(`warning: processes of group ${pid} were still running ${GROUP_EXIT_TIMEOUT_MS} ms after SIGKILL`);
}

function killGroup(signal: NodeJS.Signals, pid: number | undefined = child?.pid): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}
