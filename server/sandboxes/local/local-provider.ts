// The local sandbox provider: each sandbox is a directory under <data dir>/sandboxes/<id> with a
// workspace and a private home, and its bridge runs as a supervised child process — inside
// bubblewrap when it is installed (the system read-only, only the workspace, the home and the
// local repository writable, the network shared), else as a plain child process with a warning.
// docs/self-hosting.md#sandboxes.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { logger } from "../../logger";
import type { SandboxProvider, SandboxSpec, SandboxState } from "../provider";
import { prepareAgentHome } from "./agent-home";

export type LocalProviderOptions = {
  /** <data dir>/sandboxes */
  rootDir: string;
  isolation: "auto" | "bubblewrap" | "none";
  bridgeBundle: string;
  opencodeBin: string;
};

type Running = { child: ChildProcess; exited: Promise<void> };

// Children are tracked per process (and survive hot reloads in development).
const globalRegistry = globalThis as typeof globalThis & { nightshiftLocalSandboxes?: Map<string, Running> };
const running = (globalRegistry.nightshiftLocalSandboxes ??= new Map());

const SANDBOX_PATH = "/usr/local/bin:/usr/bin:/bin";
const IN_SANDBOX = {
  workspace: "/workspace",
  home: "/home/agent",
  bridge: "/opt/nightshift/bridge.mjs",
  opencode: "/opt/nightshift/opencode",
};

export function createLocalProvider(options: LocalProviderOptions): SandboxProvider {
  const useBubblewrap = decideIsolation(options.isolation);

  return {
    name: "local",

    async create(spec) {
      if (!existsSync(options.bridgeBundle)) {
        throw new Error(
          `The sandbox bridge is not built (${options.bridgeBundle} is missing): run npm run build:bridge.`,
        );
      }
      if (!existsSync(options.opencodeBin)) {
        throw new Error(
          `OpenCode's binary is missing at ${options.opencodeBin}: run npm install, or set NIGHTSHIFT_OPENCODE_BIN.`,
        );
      }
      await stopChild(spec.sandboxId);
      const dir = path.join(options.rootDir, spec.sandboxId);
      rmSync(dir, { recursive: true, force: true });
      const workspace = path.join(dir, "workspace");
      const home = path.join(dir, "home");
      mkdirSync(workspace, { recursive: true });
      mkdirSync(home, { recursive: true });
      prepareAgentHome(home);

      const nodeDir = path.dirname(process.execPath);
      const { command, args, env } = useBubblewrap
        ? bubblewrapCommand(spec, { workspace, home, nodeDir, ...options })
        : plainCommand(spec, { workspace, home, nodeDir, ...options });

      const log = createWriteStream(path.join(dir, "bridge.log"), { flags: "a" });
      // A process group of its own, so stop() ends the bridge and everything it started.
      // The environment is exactly the sandbox's (no NODE_ENV or anything else of ours).
      const child = spawn(command, args, {
        cwd: workspace,
        env: env as NodeJS.ProcessEnv,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout?.pipe(log, { end: false });
      child.stderr?.pipe(log, { end: false });
      const exited = new Promise<void>((resolve) => {
        child.once("exit", (code, signal) => {
          log.end();
          if (running.get(spec.sandboxId)?.child === child) running.delete(spec.sandboxId);
          logger.info("sandbox bridge exited", { sandboxId: spec.sandboxId, code, signal });
          resolve();
        });
        child.once("error", (error) => {
          logger.error("sandbox bridge could not start", { sandboxId: spec.sandboxId, error });
          running.delete(spec.sandboxId);
          resolve();
        });
      });
      running.set(spec.sandboxId, { child, exited });
      logger.info("sandbox started", {
        sandboxId: spec.sandboxId,
        pid: child.pid,
        isolation: useBubblewrap ? "bubblewrap" : "none",
      });
      return { providerId: spec.sandboxId };
    },

    async stop(providerId) {
      await stopChild(providerId);
      // The work is pushed; the clone is not needed any more. bridge.log and the home (OpenCode's
      // own logs) stay for whoever looks into what happened.
      rmSync(path.join(options.rootDir, providerId, "workspace"), { recursive: true, force: true });
    },

    async status(providerId): Promise<SandboxState> {
      const entry = running.get(providerId);
      if (!entry) return "unknown";
      return entry.child.exitCode === null && entry.child.signalCode === null ? "running" : "exited";
    },
  };
}

async function stopChild(sandboxId: string): Promise<void> {
  const entry = running.get(sandboxId);
  if (!entry?.child.pid) return;
  const group = -entry.child.pid;
  signalGroup(group, "SIGTERM");
  const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 5_000).unref());
  if ((await Promise.race([entry.exited, timeout])) === "timeout") {
    signalGroup(group, "SIGKILL");
    await entry.exited;
  }
  // The bridge's children (OpenCode) are in its group too; make sure none outlives it.
  signalGroup(group, "SIGKILL");
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(group, signal);
  } catch {
    // Already gone.
  }
}

let warnedNoIsolation = false;

function decideIsolation(isolation: LocalProviderOptions["isolation"]): boolean {
  if (isolation === "none") return false;
  const hasBubblewrap = spawnSync("bwrap", ["--version"], { stdio: "ignore" }).status === 0;
  if (hasBubblewrap) return true;
  if (isolation === "bubblewrap") {
    throw new Error(
      "NIGHTSHIFT_SANDBOX_ISOLATION=bubblewrap, but bwrap is not installed (apt-get install bubblewrap).",
    );
  }
  if (!warnedNoIsolation) {
    warnedNoIsolation = true;
    logger.warn(
      "sandboxes: bubblewrap (bwrap) is not installed, so local sandboxes run as plain child processes with this user's rights — install bubblewrap to isolate them",
    );
  }
  return false;
}

type Paths = { workspace: string; home: string; nodeDir: string; bridgeBundle: string; opencodeBin: string };

function bubblewrapCommand(spec: SandboxSpec, paths: Paths) {
  const args = [
    "--unshare-all",
    "--share-net",
    "--die-with-parent",
    "--new-session",
    ...["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"],
    ...[
      "--symlink",
      "usr/lib",
      "/lib",
      "--symlink",
      "usr/lib64",
      "/lib64",
      "--symlink",
      "usr/bin",
      "/bin",
      "--symlink",
      "usr/sbin",
      "/sbin",
    ],
    ...["--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"],
    ...(paths.nodeDir.startsWith("/usr/") ? [] : ["--ro-bind", paths.nodeDir, paths.nodeDir]),
    ...["--ro-bind", paths.bridgeBundle, IN_SANDBOX.bridge, "--ro-bind", paths.opencodeBin, IN_SANDBOX.opencode],
    ...["--bind", paths.workspace, IN_SANDBOX.workspace, "--bind", paths.home, IN_SANDBOX.home],
    ...(spec.localRepositoryPath ? ["--bind", spec.localRepositoryPath, spec.localRepositoryPath] : []),
    ...["--chdir", IN_SANDBOX.workspace],
    "--",
    process.execPath,
    IN_SANDBOX.bridge,
  ];
  // bwrap passes its own environment on, and it gets exactly the sandbox's: secrets stay out of
  // the command line, where other users of the machine could read them.
  const env = sandboxProcessEnv(spec, {
    workspace: IN_SANDBOX.workspace,
    home: IN_SANDBOX.home,
    nodeDir: paths.nodeDir,
    opencodeBin: IN_SANDBOX.opencode,
  });
  return { command: "bwrap", args, env };
}

function plainCommand(spec: SandboxSpec, paths: Paths) {
  const env = sandboxProcessEnv(spec, {
    workspace: paths.workspace,
    home: paths.home,
    nodeDir: paths.nodeDir,
    opencodeBin: paths.opencodeBin,
  });
  return { command: process.execPath, args: [paths.bridgeBundle], env };
}

function sandboxProcessEnv(
  spec: SandboxSpec,
  where: { workspace: string; home: string; nodeDir: string; opencodeBin: string },
): Record<string, string> {
  return {
    ...spec.env,
    HOME: where.home,
    PATH: where.nodeDir.startsWith("/usr/") ? SANDBOX_PATH : `${where.nodeDir}:${SANDBOX_PATH}`,
    LANG: "C.UTF-8",
    TERM: "xterm",
    NIGHTSHIFT_WORKSPACE: where.workspace,
    NIGHTSHIFT_OPENCODE_BIN: where.opencodeBin,
  };
}
