// Turns a session's timeline into the rows the session page shows, in sequence order: a prompt
// with its author; the assistant's streamed text as one row per text part; each tool call as
// one row holding its latest status; steps' tokens and cost; warnings, errors; the prompt's
// end; the sandbox's boot phases. Pure, so the page and its tests share it.
import type { TimelineEntry } from "./timeline-sync";

type Person = { name: string; email: string };

export type TimelineRow =
  | { kind: "prompt"; key: string; messageId: string | null; content: string; author: Person; model: string | null }
  | { kind: "text"; key: string; messageId: string | null; text: string }
  | {
      kind: "tool";
      key: string;
      messageId: string | null;
      tool: string;
      status: string;
      title: string | null;
      input: unknown;
      output: string | null;
      error: string | null;
    }
  | { kind: "step"; key: string; messageId: string | null; tokens: { input: number; output: number }; cost: number }
  | {
      kind: "notice";
      key: string;
      messageId: string | null;
      level: "warning" | "error";
      message: string;
      detail: string | null;
    }
  | { kind: "end"; key: string; messageId: string | null; success: boolean; reason: string | null }
  | { kind: "boot"; key: string; phase: string; status: string; durationMs: number | null }
  | { kind: "sandbox"; key: string; status: string; detail: string | null }
  | {
      kind: "pull_request";
      key: string;
      messageId: string | null;
      action: string;
      number: number | null;
      url: string;
      title: string;
      onGithub: boolean;
    }
  | { kind: "other"; key: string; type: string; messageId: string | null };

type Data = Record<string, unknown>;
const text = (value: unknown) => (typeof value === "string" ? value : null);
const number = (value: unknown) => (typeof value === "number" ? value : 0);

export function timelineRows(entries: readonly TimelineEntry[]): TimelineRow[] {
  const rows: TimelineRow[] = [];
  const textRows = new Map<string, Extract<TimelineRow, { kind: "text" }>>();
  const toolRows = new Map<string, number>();
  const bootRows = new Map<string, number>();

  for (const entry of entries) {
    const data = (entry.data ?? {}) as Data;
    const messageId = entry.messageId;
    const key = `${entry.seq}`;
    switch (entry.type) {
      case "user_message": {
        const author = (data.author ?? {}) as Partial<Person>;
        rows.push({
          kind: "prompt",
          key,
          messageId,
          content: text(data.content) ?? "",
          author: { name: author.name ?? "Someone", email: author.email ?? "" },
          model: text(data.model),
        });
        break;
      }
      case "token": {
        const partKey = `${messageId}:${text(data.partId)}`;
        const existing = textRows.get(partKey);
        if (existing) {
          existing.text += text(data.text) ?? "";
        } else {
          const row = { kind: "text" as const, key, messageId, text: text(data.text) ?? "" };
          textRows.set(partKey, row);
          rows.push(row);
        }
        break;
      }
      case "tool_call": {
        const callKey = `${messageId}:${text(data.callId)}`;
        const row: TimelineRow = {
          kind: "tool",
          key: rows[toolRows.get(callKey) ?? -1]?.key ?? key,
          messageId,
          tool: text(data.tool) ?? "tool",
          status: text(data.status) ?? "pending",
          title: text(data.title),
          input: data.input ?? {},
          output: text(data.output),
          error: text(data.error),
        };
        const index = toolRows.get(callKey);
        if (index === undefined) {
          toolRows.set(callKey, rows.length);
          rows.push(row);
        } else {
          rows[index] = row;
        }
        break;
      }
      case "step_finish": {
        const tokens = (data.tokens ?? {}) as Data;
        rows.push({
          kind: "step",
          key,
          messageId,
          tokens: { input: number(tokens.input), output: number(tokens.output) },
          cost: number(data.cost),
        });
        break;
      }
      case "warning":
      case "error":
        rows.push({
          kind: "notice",
          key,
          messageId,
          level: entry.type,
          message: text(data.message) ?? entry.type,
          detail: text(data.detail),
        });
        break;
      case "execution_complete":
        rows.push({ kind: "end", key, messageId, success: data.success === true, reason: text(data.reason) });
        break;
      case "boot_phase": {
        const phase = text(data.phase) ?? "boot";
        const row: TimelineRow = {
          kind: "boot",
          key,
          phase,
          status: text(data.status) ?? "started",
          durationMs: typeof data.durationMs === "number" ? data.durationMs : null,
        };
        const index = bootRows.get(phase);
        if (index === undefined || rows[index]?.kind !== "boot") {
          bootRows.set(phase, rows.length);
          rows.push(row);
        } else {
          rows[index] = { ...row, key: rows[index].key };
        }
        break;
      }
      case "sandbox_status":
        // A later sandbox boots anew: its phases get rows of their own.
        bootRows.clear();
        rows.push({
          kind: "sandbox",
          key,
          status: text(data.status) ?? "",
          detail: text(data.error) ?? text(data.reason),
        });
        break;
      case "pull_request":
        rows.push({
          kind: "pull_request",
          key,
          messageId,
          action: text(data.action) ?? "created",
          number: typeof data.number === "number" ? data.number : null,
          url: text(data.url) ?? "",
          title: text(data.title) ?? "",
          onGithub: data.onGithub === true,
        });
        break;
      case "session_title":
      case "git_push":
        break;
      default:
        rows.push({ kind: "other", key, type: entry.type, messageId });
    }
  }
  return rows;
}
