// A repository image's build on the local provider (docs/sessions.md#images): the control plane
// clones the default branch into a new sandbox directory itself (the sandbox never holds the
// credentials), the sandbox runs the bridge's `build-image` (setup.sh in build mode), and the
// directory's workspace and home become the image's files under <data dir>/snapshots, restored
// like a snapshot. Nothing is left of the build's sandbox either way.
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { ImageBuildResult, ImageBuildSpec, SandboxSpec } from "../provider";
import { snapshotDirectorySize } from "./local-snapshots";
import { runGit } from "../../git/local/run-git";

/** What a build keeps of setup.sh's output. */
export const IMAGE_OUTPUT_LIMIT = 64 * 1024;
const CLONE_TIMEOUT_MS = 10 * 60_000;

export type LocalLaunch = (
  spec: SandboxSpec,
  dir: string,
) => Promise<{ command: string; args: string[]; env: Record<string, string>; close: () => Promise<void> }>;

export async function buildLocalImage(
  spec: ImageBuildSpec,
  where: { sandboxDir: string; imageDir: string },
  launch: LocalLaunch,
): Promise<ImageBuildResult> {
  const dir = where.sandboxDir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, "workspace"), { recursive: true });
  mkdirSync(path.join(dir, "home"), { recursive: true });
  const output = new OutputTail(IMAGE_OUTPUT_LIMIT);
  try {
    const repoDir = path.join(dir, "workspace", "repo");
    output.add(`$ git clone --depth 1 --branch ${spec.branch}\n`);
    const cloned = await runGit(
      [
        ...(spec.source.authorization ? ["-c", `http.extraHeader=Authorization: ${spec.source.authorization}`] : []),
        ...["clone", "--quiet", "--depth", "1", "--single-branch", "--branch", spec.branch, spec.source.url, repoDir],
      ],
      { cwd: dir, timeoutMs: CLONE_TIMEOUT_MS },
    );
    if (!cloned.ok) {
      output.add(`${cloned.stderr}\n`);
      return {
        ok: false,
        commitSha: null,
        output: output.text(),
        error: `Could not clone ${spec.branch}: ${cloned.stderr}`,
      };
    }
    const head = await runGit(["rev-parse", "HEAD"], { cwd: repoDir });
    const commitSha = head.ok ? head.stdout : null;

    const sandbox: SandboxSpec = {
      sandboxId: `image-${spec.imageId}`,
      sessionId: "",
      bootMode: "build",
      env: spec.env,
      egress: spec.egress,
    };
    const { command, args, env, close } = await launch(sandbox, dir);
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(command, [...args, "build-image"], {
        cwd: path.join(dir, "workspace"),
        env: env as NodeJS.ProcessEnv,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout.on("data", (chunk: Buffer) => output.add(chunk.toString("utf8")));
      child.stderr.on("data", (chunk: Buffer) => output.add(chunk.toString("utf8")));
      // The script has its own limit inside; this one is for a sandbox that does not end.
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // Already gone.
        }
      }, spec.setupTimeoutMs + 60_000);
      child.on("error", (error) => {
        clearTimeout(timer);
        output.add(`${error.message}\n`);
        resolve(null);
      });
      child.on("close", (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    }).finally(close);
    if (code !== 0) {
      const why =
        code === 124
          ? `setup.sh did not finish within ${spec.setupTimeoutMs / 1000} s`
          : code === null
            ? "the build's sandbox could not run"
            : `setup.sh failed with exit code ${code}`;
      return { ok: false, commitSha, output: output.text(), error: why };
    }

    // The build is over and nothing else uses its directory: its files become the image as they are.
    const partial = `${where.imageDir}.partial`;
    await fs.rm(partial, { recursive: true, force: true });
    await fs.mkdir(partial, { recursive: true });
    for (const part of ["workspace", "home"]) await fs.rename(path.join(dir, part), path.join(partial, part));
    await fs.rename(partial, where.imageDir);
    return {
      ok: true,
      commitSha: commitSha ?? "",
      output: output.text(),
      providerSnapshotId: path.basename(where.imageDir),
      sizeBytes: await snapshotDirectorySize(where.imageDir),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The last `limit` characters of a stream of output. */
class OutputTail {
  private value = "";
  constructor(private readonly limit: number) {}
  add(chunk: string): void {
    this.value += chunk;
    if (this.value.length > this.limit * 2) this.value = this.value.slice(-this.limit);
  }
  text(): string {
    return this.value.length > this.limit ? `…${this.value.slice(-this.limit)}` : this.value;
  }
}
