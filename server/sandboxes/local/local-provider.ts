// The local sandbox provider: each sandbox is a directory under <data dir>/sandboxes/<id> with a
// workspace and a private home, and its bridge runs as a supervised child process of this server
// — sealed in bubblewrap, with a network of its own whose only ways out are the gate's sockets
// (./gate.ts), when bubblewrap is installed; else as a plain child process, not sealed, with a
// warning (./local-command.ts). docs/self-hosting.md#sandboxes, docs/security.md.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, rmSync } from "node:fs";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { SandboxesConfig } from "../../env";
import { logger } from "../../logger";
import type { SandboxProvider } from "../provider";
import type { SandboxSpec } from "../provider";
import { type Gate, openGate } from "./gate";
import { forwardedPorts } from "./forwarded-ports";
import { bubblewrapCommand, plainCommand } from "./local-command";
import { freezeProcessTree } from "./freeze";
import { restoreSnapshot, saveSnapshot, snapshotDirectorySize } from "./local-snapshots";
import { buildLocalImage } from "./local-image-build";
import { installedOpencodeVersion, SNAPSHOT_FORMAT } from "../snapshots/runtime";

type Running = { child: ChildProcess; exited: Promise<void>; gate: Gate | null };

// Children are tracked per process (and survive hot reloads in development).
const globalRegistry = globalThis as typeof globalThis & { nightshiftLocalSandboxes?: Map<string, Running> };
const running = (globalRegistry.nightshiftLocalSandboxes ??= new Map());

/** <data dir>/sandboxes */
const rootDirOf = (config: SandboxesConfig) => path.resolve(config.dataDir, "sandboxes");
/** <data dir>/snapshots */
const snapshotsDirOf = (config: SandboxesConfig) => path.resolve(config.dataDir, "snapshots");
/** A snapshot's id is a directory name, and nothing else. */
const SNAPSHOT_ID = /^snap-[a-z0-9]+-[a-f0-9]{8}$/;

// One snapshot at a time per sandbox, and no stop in the middle of one.
const globalBusy = globalThis as typeof globalThis & { nightshiftLocalSnapshotting?: Map<string, Promise<unknown>> };
const snapshotting = (globalBusy.nightshiftLocalSnapshotting ??= new Map());

// Suspended sandboxes: each one's processes are stopped (SIGSTOP) and this continues them.
const globalSuspended = globalThis as typeof globalThis & { nightshiftLocalSuspended?: Map<string, () => void> };
const suspended = (globalSuspended.nightshiftLocalSuspended ??= new Map());

export function describeLocalProvider(config: SandboxesConfig): string {
  const where = `sandboxes: local, under ${rootDirOf(config)}`;
  const hasBubblewrap =
    config.isolation !== "none" && spawnSync("bwrap", ["--version"], { stdio: "ignore" }).status === 0;
  if (hasBubblewrap)
    return `${where}, sealed in bubblewrap (a network of their own: Nightshift's sandbox endpoints, and the internet through the egress policy)`;
  return `${where}, NOT SEALED: plain processes with this user's files and network (the database included) — ${
    config.isolation === "none" ? "NIGHTSHIFT_SANDBOX_ISOLATION=none" : "install bubblewrap"
  } (docs/security.md)`;
}

export function createLocalProvider(config: SandboxesConfig): SandboxProvider {
  const useBubblewrap = decideIsolation(config.isolation);
  const rootDir = rootDirOf(config);
  const bridgeBundle = path.resolve("sandbox/bridge/dist/bridge.mjs");
  const opencodeBin = config.opencodeBin ?? findOpencodeBinary();
  const snapshotsDir = snapshotsDirOf(config);
  const snapshotDir = (id: string) => {
    if (!SNAPSHOT_ID.test(id)) throw new Error(`"${id}" is not a local snapshot's id`);
    return path.join(snapshotsDir, id);
  };

  /** How a sandbox in `dir` is run: sealed behind its gate (opened here), or as a plain process. */
  const launch = async (spec: SandboxSpec, dir: string) => {
    assertRunnable();
    const paths = { workspace: path.join(dir, "workspace"), home: path.join(dir, "home"), bridgeBundle, opencodeBin };
    // The gate's sockets live under a short path of their own: a Unix socket's path is limited to 107 bytes.
    const gate = useBubblewrap
      ? await openGate({
          dir: path.join(os.tmpdir(), `nightshift-gate-${spec.sandboxId}`),
          forward: forwardedPorts(spec),
          egress: spec.egress,
          sandboxId: spec.sandboxId,
        })
      : null;
    const command = gate ? bubblewrapCommand(spec, paths, gate) : plainCommand(spec, paths);
    return { ...command, gate, close: async () => void (await gate?.close()) };
  };
  const assertRunnable = () => {
    if (!existsSync(bridgeBundle)) {
      throw new Error(`The sandbox bridge is not built (${bridgeBundle} is missing): run npm run build:bridge.`);
    }
    if (!existsSync(opencodeBin)) {
      throw new Error(
        `OpenCode's binary is missing at ${opencodeBin}: run npm install, or set NIGHTSHIFT_OPENCODE_BIN.`,
      );
    }
  };
  const newSnapshotId = () => `snap-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;

  return {
    name: "local",
    isSealed: useBubblewrap,
    runtime: {
      format: SNAPSHOT_FORMAT,
      opencodeVersion: config.opencodeBin ? `custom-${path.basename(config.opencodeBin)}` : installedOpencodeVersion(),
    },
    snapshotEndsSandbox: false,

    async create(spec) {
      assertRunnable();
      await stopChild(spec.sandboxId);
      const dir = path.join(rootDir, spec.sandboxId);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      if (spec.restore) await restoreSnapshot(snapshotDir(spec.restore.providerSnapshotId), dir);
      mkdirSync(path.join(dir, "workspace"), { recursive: true });
      mkdirSync(path.join(dir, "home"), { recursive: true });
      const { command, args, env, gate } = await launch(spec, dir);

      const log = createWriteStream(path.join(dir, "bridge.log"), { flags: "a" });
      // A process group of its own, so stop() ends the bridge and everything it started.
      // The environment is exactly the sandbox's (no NODE_ENV or anything else of ours; Next.js's
      // types insist every process environment has NODE_ENV).
      const child = spawn(command, args, {
        cwd: path.join(dir, "workspace"),
        env: env as NodeJS.ProcessEnv,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout?.pipe(log, { end: false });
      child.stderr?.pipe(log, { end: false });
      const exited = new Promise<void>((resolve) => {
        child.once("exit", (code, signal) => {
          log.end();
          void gate?.close();
          if (running.get(spec.sandboxId)?.child === child) {
            running.delete(spec.sandboxId);
            suspended.delete(spec.sandboxId);
          }
          logger.info("sandbox bridge exited", { sandboxId: spec.sandboxId, code, signal });
          resolve();
        });
        child.once("error", (error) => {
          logger.error("sandbox bridge could not start", { sandboxId: spec.sandboxId, error });
          void gate?.close();
          running.delete(spec.sandboxId);
          resolve();
        });
      });
      running.set(spec.sandboxId, { child, exited, gate });
      const isolation = useBubblewrap ? "bubblewrap" : "none";
      logger.info("sandbox started", { sandboxId: spec.sandboxId, pid: child.pid, isolation });
      return { providerId: spec.sandboxId };
    },

    async stop(providerId) {
      await snapshotting.get(providerId)?.catch(() => undefined);
      // Continued first, so that the bridge ends as it does when it runs (a stopped process
      // does not take SIGTERM until then).
      suspended.get(providerId)?.();
      suspended.delete(providerId);
      await stopChild(providerId);
      // The work is pushed; the clone is not needed any more. bridge.log and the home (OpenCode's
      // own logs) stay for whoever looks into what happened.
      await rm(path.join(rootDir, providerId, "workspace"), { recursive: true, force: true });
    },

    // A plain process stopped here would outlive this server, held still for good if the server
    // died: only a sealed sandbox, which bubblewrap ends with its parent, is suspended.
    suspend: useBubblewrap
      ? async (providerId) => {
          await snapshotting.get(providerId)?.catch(() => undefined);
          const pid = running.get(providerId)?.child.pid;
          if (!pid) throw new Error(`sandbox ${providerId} does not run on this server`);
          if (!suspended.has(providerId)) suspended.set(providerId, freezeProcessTree(pid));
        }
      : undefined,

    async resume(providerId) {
      const resume = suspended.get(providerId);
      suspended.delete(providerId);
      if (!resume || !running.has(providerId)) return false;
      resume();
      return true;
    },

    async snapshot(providerId, options) {
      const earlier = snapshotting.get(providerId)?.catch(() => undefined);
      const taking = (async () => {
        await earlier;
        const dir = path.join(rootDir, providerId);
        if (!existsSync(path.join(dir, "workspace", "repo")))
          throw new Error(`sandbox ${providerId} has no workspace to save (it was stopped)`);
        const id = newSnapshotId();
        const pid = running.get(providerId)?.child.pid;
        // Held still while copied (a second or so), so the copy is one moment of its files; a
        // suspended sandbox is still already, and stays so.
        const resume = pid && !suspended.has(providerId) ? freezeProcessTree(pid) : () => undefined;
        try {
          mkdirSync(snapshotsDir, { recursive: true });
          const saved = await saveSnapshot(
            dir,
            snapshotDir(id),
            options.previous ? snapshotDir(options.previous) : null,
          );
          return { providerSnapshotId: id, sizeBytes: saved.sizeBytes };
        } finally {
          resume();
        }
      })();
      snapshotting.set(providerId, taking);
      try {
        return await taking;
      } finally {
        if (snapshotting.get(providerId) === taking) snapshotting.delete(providerId);
      }
    },

    async buildImage(spec) {
      mkdirSync(snapshotsDir, { recursive: true });
      return buildLocalImage(
        spec,
        { sandboxDir: path.join(rootDir, `image-${spec.imageId}`), imageDir: snapshotDir(newSnapshotId()) },
        launch,
      );
    },

    async deleteSnapshot(providerSnapshotId) {
      const dir = snapshotDir(providerSnapshotId);
      const freedBytes = await snapshotDirectorySize(dir);
      await rm(dir, { recursive: true, force: true });
      return { freedBytes };
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
  await entry.gate?.close();
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(group, signal);
  } catch {
    // Already gone.
  }
}

let warnedNoIsolation = false;

function decideIsolation(isolation: SandboxesConfig["isolation"]): boolean {
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
      "sandboxes: bubblewrap (bwrap) is not installed, so local sandboxes are NOT SEALED: they run as plain child processes with this user's files and network, the database included — install bubblewrap to seal them (docs/security.md)",
    );
  }
  return false;
}

/** OpenCode's binary from the opencode-ai package's platform build, as npm installed it. */
export function findOpencodeBinary(): string {
  const arch = process.arch === "x64" ? "x64" : process.arch;
  const candidates = ["", "-baseline", "-musl", "-baseline-musl"].map((variant) =>
    path.resolve("node_modules", `opencode-${process.platform}-${arch}${variant}`, "bin", "opencode"),
  );
  return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0]!;
}
