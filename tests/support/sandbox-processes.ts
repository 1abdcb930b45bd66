// A local sandbox's processes, found through /proc by the sandbox id in their environment: for
// tests that kill part or all of a sandbox, as a crash or a lost machine would.
import { readdirSync, readFileSync } from "node:fs";

type Process = { pid: number; cmdline: string };

function processesOf(sandboxId: string): Process[] {
  const found: Process[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      const environ = readFileSync(`/proc/${entry}/environ`, "utf8").split("\0");
      if (environ.includes(`NIGHTSHIFT_SANDBOX_ID=${sandboxId}`)) found.push({ pid: Number(entry), cmdline });
    } catch {
      // The process ended meanwhile.
    }
  }
  return found;
}

/** How many processes the sandbox has running. */
export const sandboxProcessCount = (sandboxId: string): number => processesOf(sandboxId).length;

/** A process of the sandbox (inside bubblewrap), found by its command line. */
export function sandboxPid(sandboxId: string, command: "bridge.mjs" | "opencode"): number {
  const found = processesOf(sandboxId).find(
    (process) => process.cmdline.includes(command) && !process.cmdline.startsWith("bwrap"),
  );
  if (!found) throw new Error(`no ${command} process for sandbox ${sandboxId}`);
  return found.pid;
}

/** Kills every process of the sandbox at once (SIGKILL): the sandbox is gone, as if its machine were. */
export function killSandbox(sandboxId: string): number {
  const all = processesOf(sandboxId);
  for (const { pid } of all) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  return all.length;
}

/**
 * The memory the sandbox's processes hold, in bytes: the sum of their proportional set sizes
 * (pages shared between processes, such as a binary two of them map, counted once in all).
 */
export function sandboxMemoryBytes(sandboxId: string): number {
  let total = 0;
  for (const { pid } of processesOf(sandboxId)) {
    try {
      const kib = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1];
      total += Number(kib ?? 0) * 1024;
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}
