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
 * OpenCode loads much of itself on first use — its working directory's services (tools, file
 * watcher, project copies), its providers, the tools a model is offered: seconds of CPU on a small
 * machine, which the first prompt would otherwise wait for (measured in docs/benchmarks.md#boot).
 * Asking for a file, the providers and the default model's tools now moves that into the boot,
 * before the sandbox says it is ready; none of it calls a model.
 */
export async function primeAgent(opencode: OpencodeServer, agentConfig: string): Promise<void> {
  const started = Date.now();
  const model = defaultModelOf(agentConfig);
  const paths = [
    "/find/file?query=README&limit=1",
    "/config/providers",
    ...(model
      ? [`/experimental/tool?provider=${encodeURIComponent(model.provider)}&model=${encodeURIComponent(model.name)}`]
      : []),
  ];
  for (const path of paths) {
    await opencode.request("GET", path).catch((error: unknown) => log("could not prime the agent", { path, error }));
  }
  log("agent primed", { ms: Date.now() - started });
}

function defaultModelOf(agentConfig: string): { provider: string; name: string } | null {
  try {
    const { model } = JSON.parse(agentConfig) as { model?: unknown };
    if (typeof model !== "string" || !model.includes("/")) return null;
    const [provider, ...name] = model.split("/");
    return { provider: provider!, name: name.join("/") };
  } catch {
    return null;
  }
}
