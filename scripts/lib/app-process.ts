// Starts Nightshift as a child process the way `npm start` (or `npm run dev`) does — embedded
// database, development sign-in allowed explicitly, nothing else configured — in its own data
// directory, and stops it the way Ctrl-C does, reporting any process it left behind. Used by the
// end-to-end tests and the startup benchmark.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export type RunningApp = {
  url: string;
  pid: number;
  /** The database URL the launcher printed, without credentials. */
  databaseUrl: () => string | undefined;
  stop: () => Promise<StopReport>;
  output: () => string;
};
export type StartAppOptions = {
  dataDir: string;
  /** Default: a free port (retried when taken meanwhile). */
  port?: number;
  mode?: "start" | "dev";
  /** The path whose first 200 means "ready". Default: /api/health. */
  readyPath?: string;
  /** More configuration, e.g. GitHub OAuth or an admission list. */
  env?: Record<string, string>;
};
/** `leftBehind` describes each descendant still running: "pid pgid state command". */
export type StopReport = { exitCode: number | null; leftBehind: string[] };

import { freePort } from "../../sandbox/bridge/free-port";

export { freePort };

/**
 * Starts the app on `options.port`, or on a free port: then, should another process take that
 * port between our choosing it and Next.js binding it (EADDRINUSE), again on another one.
 */
export async function startApp(options: StartAppOptions): Promise<RunningApp> {
  if (options.port !== undefined) return startAppOn(options, options.port);
  for (let attempt = 1; ; attempt++) {
    try {
      return await startAppOn(options, await freePort());
    } catch (error) {
      if (attempt >= 3 || !String(error).includes("EADDRINUSE")) throw error;
    }
  }
}

async function startAppOn(options: StartAppOptions, port: number): Promise<RunningApp> {
  const mode = options.mode ?? "start";
  const env = {
    NODE_ENV: mode === "start" ? ("production" as const) : ("development" as const),
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    NIGHTSHIFT_DATA_DIR: options.dataDir,
    PORT: String(port),
    NIGHTSHIFT_ALLOW_DEV_SIGNIN: "true",
    NEXT_TELEMETRY_DISABLED: "1",
    ...options.env,
  };
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("scripts/run.ts"), mode], {
    env,
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitForReady(`${url}${options.readyPath ?? "/api/health"}`, child, () => output);
  return {
    url,
    pid: child.pid ?? -1,
    databaseUrl: () => /serving (postgresql:\/\/\S+)/.exec(output)?.[1],
    stop: () => stopApp(child),
    output: () => output,
  };
}

async function waitForReady(readyUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`Nightshift exited with ${child.exitCode} before serving:\n${output()}`);
    const status = await fetch(readyUrl).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Nightshift did not answer ${readyUrl} within 120 s:\n${output()}`);
}

/** Sends SIGINT, as Ctrl-C does, and lists the launcher's descendants still alive afterwards. */
async function stopApp(child: ChildProcess): Promise<StopReport> {
  if (child.exitCode !== null || child.signalCode !== null) return { exitCode: child.exitCode, leftBehind: [] };
  const descendants = descendantsOf(child.pid ?? -1);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGINT");
  const exitCode = await exited;
  // A helper that ends when the launcher's pipe to it closes (tsx's esbuild) may still be exiting
  // as the launcher's exit is seen: what is still running after a moment was left behind.
  const stillRunning = () => descendants.map(describeIfAlive).filter((line): line is string => line !== undefined);
  for (let waited = 0; waited < EXIT_GRACE_MS && stillRunning().length > 0; waited += 100) await sleep(100);
  return { exitCode, leftBehind: stillRunning() };
}

const EXIT_GRACE_MS = 3_000;

export function descendantsOf(root: number): number[] {
  const table = execFileSync("ps", ["-eo", "pid=,ppid="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift();
    for (const [pid, ppid] of table) {
      if (ppid === parent) {
        found.push(pid);
        queue.push(pid);
      }
    }
  }
  return found;
}

/** A process still running; a zombie (state Z) has exited and only awaits reaping by init. */
function describeIfAlive(pid: number): string | undefined {
  try {
    const line = execFileSync("ps", ["-o", "pid=,pgid=,stat=,args=", "-p", String(pid)], { encoding: "utf8" }).trim();
    const state = line.split(/\s+/)[2] ?? "";
    return line && !state.startsWith("Z") ? line : undefined;
  } catch {
    return undefined; // ps exits 1 when the process is gone
  }
}
