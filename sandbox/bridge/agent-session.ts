// The agent's conversation across sandboxes: OpenCode keeps its sessions in the sandbox's home,
// which a snapshot saves, and the bridge notes there which one is the Nightshift session's. A
// sandbox restored from a snapshot continues that conversation, context and all, instead of
// starting a stranger; any other sandbox, or one whose note names a session OpenCode no longer
// has, starts a new one. docs/sessions.md#snapshots.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { log } from "./log";
import type { OpencodeServer } from "./opencode";

const NOTE = ".nightshift-agent-session";

export async function openAgentSession(
  opencode: OpencodeServer,
  home: string,
): Promise<{ id: string; resumed: boolean }> {
  const note = path.join(home, NOTE);
  const earlier = readNote(note);
  if (earlier) {
    const found = await opencode
      .request<{ id: string }>("GET", `/session/${encodeURIComponent(earlier)}`)
      .catch((error: unknown) => {
        log("the snapshot's agent session is not there; starting a new one", { error });
        return null;
      });
    if (found?.id === earlier) return { id: earlier, resumed: true };
  }
  const session = await opencode.request<{ id: string }>("POST", "/session", {});
  writeFileSync(note, JSON.stringify({ id: session.id }));
  return { id: session.id, resumed: false };
}

function readNote(file: string): string | null {
  try {
    const { id } = JSON.parse(readFileSync(file, "utf8")) as { id?: unknown };
    return typeof id === "string" && /^[\w-]+$/.test(id) ? id : null;
  } catch {
    return null;
  }
}

/**
 * OpenCode starts the services of its working directory (its tools, the file watcher, its project
 * copies: seconds of CPU on a small machine) on the first request that needs them, which would
 * otherwise be the first prompt. A file search needs them: asked now, that cost moves into the
 * boot, before the sandbox says it is ready.
 */
export async function primeAgent(opencode: OpencodeServer): Promise<void> {
  const started = Date.now();
  await opencode
    .request("GET", "/find/file?query=README&limit=1")
    .then(() => log("agent primed", { ms: Date.now() - started }))
    .catch((error: unknown) => log("could not prime the agent", { error }));
}
