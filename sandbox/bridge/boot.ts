// Boot: get the repository at the session's branch, then run the repository's own setup and
// start scripts (.nightshift/, or .openinspect/ for repositories made for Open-Inspect).
// docs/sessions.md#boot-modes.
import { existsSync } from "node:fs";
import path from "node:path";
import type { BootPhaseData } from "../../server/events/schemas";
import type { BridgeConfig } from "./config";
import { git, runCommand } from "./run-command";

export type BootReporter = {
  phase(
    phase: BootPhaseData["phase"],
    status: BootPhaseData["status"],
    extra?: Omit<BootPhaseData, "phase" | "status">,
  ): void;
  warning(message: string, detail?: string): void;
};

export class BootError extends Error {}

export async function syncRepository(config: BridgeConfig, report: BootReporter): Promise<void> {
  if (existsSync(path.join(config.repoDir, ".git"))) {
    if (config.bootMode === "snapshot_restore") return refreshRestored(config, report);
    if (config.bootMode === "repo_image") return refreshImage(config, report);
    report.phase("cloning", "skipped", { reason: "the repository is already here" });
    return;
  }
  const started = Date.now();
  report.phase("cloning", "started");
  try {
    // The session's branch when an earlier sandbox pushed it (the work continues), else the base.
    const remoteBranch = await git(
      ["ls-remote", "--heads", config.repositoryUrl, `refs/heads/${config.branch}`],
      config.workspace,
    );
    const from = remoteBranch ? config.branch : config.baseBranch;
    await git(
      ["clone", "--depth", "1", "--branch", from, "--single-branch", config.repositoryUrl, config.repoDir],
      config.workspace,
      300_000,
    );
    if (!remoteBranch) await git(["checkout", "-b", config.branch], config.repoDir);
    report.phase("cloning", "finished", { durationMs: Date.now() - started, from });
  } catch (error) {
    report.phase("cloning", "failed", { durationMs: Date.now() - started });
    throw new BootError(`Could not get the repository: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * A repository restored from a snapshot is the session's own, as its last sandbox left it: it
 * only takes what was pushed to the session's branch since (by someone else, or by its own last
 * push), fast-forward only. Its origin is this sandbox's, which may differ from the last one's.
 */
async function refreshRestored(config: BridgeConfig, report: BootReporter): Promise<void> {
  report.phase("cloning", "skipped", { reason: "restored from a snapshot" });
  try {
    await git(["remote", "set-url", "origin", config.repositoryUrl], config.repoDir);
    const remoteBranch = await git(["ls-remote", "--heads", "origin", `refs/heads/${config.branch}`], config.repoDir);
    if (!remoteBranch) return;
    await git(
      ["fetch", "--depth", "50", "origin", `+refs/heads/${config.branch}:refs/remotes/origin/${config.branch}`],
      config.repoDir,
      120_000,
    );
    const merged = await git(["merge", "--ff-only", `refs/remotes/origin/${config.branch}`], config.repoDir).then(
      () => true,
      () => false,
    );
    if (!merged)
      report.warning(
        `${config.branch} moved on the remote in a way that does not fast-forward from the snapshot; the sandbox keeps the snapshot's commits.`,
      );
  } catch (error) {
    report.warning(
      `Could not fetch ${config.branch} after restoring the snapshot: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * A repository from a prebuilt image is the default branch as it was when the image was built,
 * with what setup.sh installed: it is brought to where the session starts — its own branch when
 * an earlier sandbox pushed it, else the base branch's head now — keeping the ignored files
 * (node_modules, build output).
 */
async function refreshImage(config: BridgeConfig, report: BootReporter): Promise<void> {
  const started = Date.now();
  report.phase("cloning", "started");
  try {
    await git(["remote", "set-url", "origin", config.repositoryUrl], config.repoDir);
    const remoteBranch = await git(["ls-remote", "--heads", "origin", `refs/heads/${config.branch}`], config.repoDir);
    const from = remoteBranch ? config.branch : config.baseBranch;
    await git(
      ["fetch", "--depth", "1", "origin", `+refs/heads/${from}:refs/remotes/origin/${from}`],
      config.repoDir,
      300_000,
    );
    await git(["checkout", "--force", "-B", config.branch, `refs/remotes/origin/${from}`], config.repoDir);
    report.phase("cloning", "finished", {
      durationMs: Date.now() - started,
      from,
      reason: "started from a prebuilt image; fetched and reset to the branch's head",
    });
  } catch (error) {
    report.phase("cloning", "failed", { durationMs: Date.now() - started });
    throw new BootError(
      `Could not bring the prebuilt image up to date: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

export function findScript(repoDir: string, name: "setup.sh" | "start.sh"): string | undefined {
  return [".nightshift", ".openinspect"].map((dir) => path.join(repoDir, dir, name)).find((file) => existsSync(file));
}

/** setup.sh runs on fresh and build boots; a failure is a warning, except when building an image. */
export async function runSetup(config: BridgeConfig, report: BootReporter): Promise<void> {
  const script = findScript(config.repoDir, "setup.sh");
  if (!script) return;
  if (config.bootMode !== "fresh" && config.bootMode !== "build") {
    // What it installed is in the snapshot or image this sandbox started from.
    const from = config.bootMode === "snapshot_restore" ? "a snapshot" : "a prebuilt image";
    report.phase("setup", "skipped", {
      reason: `restored from ${from}`,
      script: path.relative(config.repoDir, script),
    });
    return;
  }
  const outcome = await runScript(config, script, "setup", config.setupTimeoutMs, report);
  if (outcome.ok) return;
  const message = `${path.relative(config.repoDir, script)} ${describeFailure(outcome, config.setupTimeoutMs)}`;
  if (config.bootMode === "build") throw new BootError(`${message}:\n${outcome.tail}`);
  report.warning(`${message}; continuing without it.`, outcome.tail);
}

/** start.sh runs on every boot but image builds; a failure is fatal. */
export async function runStart(config: BridgeConfig, report: BootReporter): Promise<void> {
  if (config.bootMode === "build") return;
  const script = findScript(config.repoDir, "start.sh");
  if (!script) return;
  const outcome = await runScript(config, script, "start", config.startTimeoutMs, report);
  if (!outcome.ok)
    throw new BootError(
      `${path.relative(config.repoDir, script)} ${describeFailure(outcome, config.startTimeoutMs)}:\n${outcome.tail}`,
    );
}

async function runScript(
  config: BridgeConfig,
  script: string,
  phase: "setup" | "start",
  timeoutMs: number,
  report: BootReporter,
) {
  const started = Date.now();
  report.phase(phase, "started", { script: path.relative(config.repoDir, script) });
  const outcome = await runCommand("bash", [script], {
    cwd: config.repoDir,
    timeoutMs,
    env: { ...scriptEnv(), NIGHTSHIFT_BOOT_MODE: config.bootMode, OPENINSPECT_BOOT_MODE: config.bootMode },
  });
  report.phase(phase, outcome.ok ? "finished" : "failed", {
    durationMs: Date.now() - started,
    ...(outcome.ok ? {} : { exitCode: outcome.code }),
  });
  return outcome;
}

function describeFailure(outcome: { timedOut: boolean; code: number | null }, timeoutMs: number): string {
  return outcome.timedOut ? `did not finish within ${timeoutMs / 1000} s` : `failed with exit code ${outcome.code}`;
}

/** The scripts see the sandbox's environment without the bridge's own token. */
export function scriptEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NIGHTSHIFT_SANDBOX_TOKEN;
  return env;
}
