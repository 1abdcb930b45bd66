// Holding a local sandbox still while it is copied: every process under its bridge (bubblewrap's,
// the bridge, OpenCode, whatever the agent runs) is stopped with SIGSTOP and continued after, so a
// snapshot is one moment of its files even while a prompt runs. Processes are found through /proc
// (a sealed sandbox's are in a session and pid namespace of their own, out of reach of a group
// signal). Linux only; elsewhere the copy is taken without holding the sandbox still.
import { readdirSync, readFileSync } from "node:fs";

/** Stops `rootPid` and its descendants; returns the function that continues them. */
export function freezeProcessTree(rootPid: number): () => void {
  const stopped: number[] = [];
  // New children may appear while the tree is being stopped: look again until none do.
  for (let round = 0; round < 5; round += 1) {
    const found = descendantsOf(rootPid).filter((pid) => !stopped.includes(pid));
    if (round > 0 && found.length === 0) break;
    for (const pid of round === 0 ? [rootPid, ...found] : found) {
      if (signal(pid, "SIGSTOP")) stopped.push(pid);
    }
  }
  return () => {
    for (const pid of stopped.reverse()) signal(pid, "SIGCONT");
  };
}

function descendantsOf(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(entry);
    if (parent === null) continue;
    const list = children.get(parent) ?? [];
    list.push(Number(entry));
    children.set(parent, list);
  }
  const result: number[] = [];
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      result.push(child);
      walk(child);
    }
  };
  walk(rootPid);
  return result;
}

function parentOf(pid: string): number | null {
  try {
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[1]);
  } catch {
    return null;
  }
}

function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}
