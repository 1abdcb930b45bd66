// Turns a session's timeline into the rows the session page shows, in sequence order: a prompt
// with its author; the assistant's streamed text as one row per text part; each tool call as
// one row holding its latest status; steps' tokens and cost; warnings, errors; the prompt's
// end; the sandbox's boot phases. Every event type is decided here (a new one does not compile
// until it is). Pure, so the page and its tests share it.
import { match, P } from "ts-pattern";
import type {
  BootPhase,
  BootPhaseData,
  JsonValue,
  PullRequestData,
  SandboxStatusData,
  ToolCallStatus,
  UserMessageData,
} from "@/server/events/schemas";
import type { TimelineEntry } from "./timeline-sync";

type Keyed = { key: string; messageId: string | null };

export type TimelineRow =
  | (Keyed & { kind: "prompt"; content: string; author: UserMessageData["author"]; model: string })
  | (Keyed & { kind: "text"; text: string })
  | (Keyed & {
      kind: "tool";
      tool: string;
      status: ToolCallStatus;
      title: string | null;
      input: JsonValue;
      output: string | null;
      error: string | null;
    })
  | (Keyed & { kind: "step"; tokens: { input: number; output: number }; cost: number })
  | (Keyed & { kind: "notice"; level: "warning" | "error"; message: string; detail: string | null })
  | (Keyed & { kind: "end"; success: boolean; reason: string | null })
  | { kind: "boot"; key: string; phase: BootPhase; status: BootPhaseData["status"]; durationMs: number | null }
  | { kind: "sandbox"; key: string; status: SandboxStatusData["status"]; detail: string | null }
  | (Keyed & { kind: "pull_request" } & PullRequestData);

export function timelineRows(entries: readonly TimelineEntry[]): TimelineRow[] {
  const rows: TimelineRow[] = [];
  const textRows = new Map<string, Extract<TimelineRow, { kind: "text" }>>();
  const toolRows = new Map<string, number>();
  const bootRows = new Map<string, number>();
  /** A row that holds the latest state of something: replaced in place, keeping its first key. */
  const upsert = (index: number | undefined, row: TimelineRow, remember: (index: number) => void) => {
    const existing = index === undefined ? undefined : rows[index];
    if (index === undefined || !existing || existing.kind !== row.kind) {
      remember(rows.length);
      rows.push(row);
    } else {
      rows[index] = { ...row, key: existing.key };
    }
  };

  for (const entry of entries) {
    const { messageId } = entry;
    const key = `${entry.seq}`;
    match(entry)
      .with({ type: "user_message" }, ({ data }) => {
        rows.push({ kind: "prompt", key, messageId, content: data.content, author: data.author, model: data.model });
      })
      .with({ type: "token" }, ({ data }) => {
        const partKey = `${messageId}:${data.partId}`;
        const existing = textRows.get(partKey);
        if (existing) {
          existing.text += data.text;
          return;
        }
        const row = { kind: "text" as const, key, messageId, text: data.text };
        textRows.set(partKey, row);
        rows.push(row);
      })
      .with({ type: "tool_call" }, ({ data }) => {
        const callKey = `${messageId}:${data.callId}`;
        const row: TimelineRow = {
          kind: "tool",
          key,
          messageId,
          tool: data.tool,
          status: data.status,
          title: data.title ?? null,
          input: data.input,
          output: data.output ?? null,
          error: data.error ?? null,
        };
        upsert(toolRows.get(callKey), row, (index) => toolRows.set(callKey, index));
      })
      .with({ type: "step_finish" }, ({ data }) => {
        const tokens = { input: data.tokens.input, output: data.tokens.output };
        rows.push({ kind: "step", key, messageId, tokens, cost: data.cost });
      })
      .with({ type: "warning" }, { type: "error" }, ({ type, data }) => {
        rows.push({ kind: "notice", key, messageId, level: type, message: data.message, detail: data.detail ?? null });
      })
      .with({ type: "execution_complete" }, ({ data }) => {
        rows.push({ kind: "end", key, messageId, success: data.success, reason: data.reason ?? null });
      })
      .with({ type: "boot_phase" }, ({ data }) => {
        const row: TimelineRow = {
          kind: "boot",
          key,
          phase: data.phase,
          status: data.status,
          durationMs: data.durationMs ?? null,
        };
        upsert(bootRows.get(data.phase), row, (index) => bootRows.set(data.phase, index));
      })
      .with({ type: "sandbox_status" }, ({ data }) => {
        // A later sandbox boots anew: its phases get rows of their own.
        bootRows.clear();
        const detail = match(data)
          .with({ status: "ready" }, ({ resumed }) => (resumed ? "resumed where it was" : null))
          .with({ status: "failed" }, ({ error }) => error)
          .with({ status: P.union("stopped", "suspended") }, ({ reason }) => reason)
          .exhaustive();
        rows.push({ kind: "sandbox", key, status: data.status, detail });
      })
      .with({ type: "pull_request" }, ({ data }) => {
        rows.push({ kind: "pull_request", key, messageId, ...data });
      })
      // The title is the page's heading, and a push moves the branch in the side panel. A
      // checkpoint shows only if its sandbox is lost: the failure says what was saved, and when.
      .with({ type: "session_title" }, { type: "git_push" }, { type: "checkpoint" }, () => {})
      .exhaustive();
  }
  return rows;
}
