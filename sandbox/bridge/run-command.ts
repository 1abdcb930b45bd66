// Runs a command with a time limit, keeping the last lines of its output for error messages.
import { spawn } from "node:child_process";
import { credentialHelperCommand } from "./git-credential";

export type CommandResult = { ok: boolean; code: number | null; timedOut: boolean; tail: string; output: string };

export function runCommand(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number; tailLines?: number },
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const append = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.length > 256_000) output = output.slice(-128_000);
    };
    child.stdout.on("data", append);
    child.stderr.on("data", append);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // Already gone.
      }
    }, options.timeoutMs);
    const finish = (code: number | null) => {
      clearTimeout(timer);
      const lines = output.trimEnd().split("\n");
      const tail = lines.slice(-(options.tailLines ?? 20)).join("\n");
      resolve({ ok: code === 0 && !timedOut, code, timedOut, tail, output });
    };
    child.on("error", (error) => {
      output += `\n${error.message}`;
      finish(null);
    });
    child.on("close", (code) => finish(code));
  });
}

/**
 * Runs git as the bridge: with the bridge's credential helper (and no other) for this command
 * only, so credentials reach git when it needs them and nothing is configured for the agent's git.
 */
export async function git(
  args: string[],
  cwd: string,
  timeoutMs = 60_000,
  env: Record<string, string> = {},
): Promise<string> {
  const withHelper = ["-c", "credential.helper=", "-c", `credential.helper=${credentialHelperCommand()}`, ...args];
  const result = await runCommand("git", withHelper, {
    cwd,
    timeoutMs,
    env: { ...process.env, GIT_TERMINAL_PROMPT: "0", ...env },
  });
  if (!result.ok) throw new Error(`git ${args[0]} failed${result.timedOut ? " (timed out)" : ""}: ${result.tail}`);
  return result.output.trim();
}
