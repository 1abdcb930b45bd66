import { execFile } from "node:child_process";

export type GitResult = { ok: true; stdout: string } | { ok: false; stderr: string };

/** Runs git with a time limit and no prompts; resolves with its output instead of throwing. */
export function runGit(args: string[], options: { cwd: string; timeoutMs?: number }): Promise<GitResult> {
  return new Promise((resolve) => {
    execFile(
      "git",
      args,
      {
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 10_000,
        maxBuffer: 4 * 1024 * 1024,
        // git inherits this process's environment (PATH, HOME); it is not configuration.
        // eslint-disable-next-line no-restricted-properties
        env: { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" },
      },
      (error, stdout, stderr) => {
        if (error) resolve({ ok: false, stderr: (stderr || error.message).trim() });
        else resolve({ ok: true, stdout: stdout.trim() });
      },
    );
  });
}
