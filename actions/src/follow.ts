// Following one prompt to its end, for the action and the command line: the session's events
// are read with long polling (one request holds up to 20 s while nothing happens), each shown as
// a line as it arrives, and the prompt's result is read when it ends — or when the wait runs out,
// when the session goes on without us.
import type { NightshiftClient, Result, TimelineEntry } from "./client";

/** How long one request for events may wait on the server. */
const WAIT_SECONDS = 20;
const FINISHED = new Set(["completed", "failed", "stopped", "cancelled"]);

export type FollowOptions = {
  sessionId: string;
  messageId: string;
  /** Events after this sequence number are shown (those of earlier prompts are not). */
  after: number;
  /** When to give up waiting (ms since the epoch); the session itself goes on. */
  deadline?: number;
  onLine?: (line: string) => void;
  onEvent?: (event: TimelineEntry) => void;
};

export type FollowOutcome = { result: Result; timedOut: boolean };

export async function followPrompt(client: NightshiftClient, options: FollowOptions): Promise<FollowOutcome> {
  const lines = new ProgressLines();
  let after = options.after;
  for (;;) {
    const left = options.deadline === undefined ? Infinity : options.deadline - Date.now();
    if (left <= 0) return { result: await client.promptResult(options.sessionId, options.messageId), timedOut: true };
    // Less than a second left: the server's wait is in whole seconds, so asking now would answer at
    // once, again and again until the deadline. Wait out the rest here instead.
    if (left < 1000) {
      await new Promise((resolve) => setTimeout(resolve, left));
      continue;
    }
    const wait = Math.min(WAIT_SECONDS, Math.floor(left / 1000));
    const page = await client.events(options.sessionId, { after, limit: 200, wait });
    let ended = false;
    for (const event of page.events) {
      after = event.seq;
      options.onEvent?.(event);
      for (const line of lines.add(event)) options.onLine?.(line);
      if (event.type === "execution_complete" && event.messageId === options.messageId) ended = true;
    }
    // The result is read when the prompt said it ended, or when nothing happened for a while
    // (a prompt cancelled before it ran ends without an event).
    if (ended || page.events.length === 0) {
      const result = await client.promptResult(options.sessionId, options.messageId);
      if (FINISHED.has(result.prompt.status)) {
        for (const line of lines.flush()) options.onLine?.(line);
        return { result, timedOut: false };
      }
    }
  }
}

/** Timeline events as lines a person reads in a log: what the sandbox did, each tool call once, the agent's text by step. */
export class ProgressLines {
  private readonly text = new Map<string, string>();

  add(event: TimelineEntry): string[] {
    switch (event.type) {
      case "boot_phase":
        if (event.data.status === "failed") return [`✗ sandbox: ${event.data.phase} failed`];
        return event.data.status === "started" ? [`▸ sandbox: ${event.data.phase}…`] : [];
      case "sandbox_status":
        if (event.data.status === "ready") return [event.data.resumed ? "▸ sandbox resumed" : "▸ sandbox ready"];
        if (event.data.status === "failed") return [`✗ sandbox failed: ${event.data.error}`];
        return [`▸ sandbox ${event.data.status}: ${event.data.reason}`];
      case "user_message":
        return [`» prompt from ${event.data.author.name} (${event.data.model})`];
      case "token":
        this.text.set(event.data.partId, (this.text.get(event.data.partId) ?? "") + event.data.text);
        return [];
      case "tool_call": {
        if (event.data.status !== "completed" && event.data.status !== "error") return [];
        const mark = event.data.status === "completed" ? "✓" : "✗";
        const what = describeInput(event.data.input) || event.data.title;
        const line = `${mark} ${event.data.tool}${what ? `: ${what}` : ""}`;
        return [...this.flush(), event.data.error ? `${line} — ${event.data.error}` : line];
      }
      case "step_finish":
        return [
          ...this.flush(),
          `· step done (${event.data.tokens.input + event.data.tokens.output} tokens${event.data.cost > 0 ? `, $${event.data.cost.toFixed(4)}` : ""})`,
        ];
      case "error":
        return [...this.flush(), `✗ ${event.data.name ? `${event.data.name}: ` : ""}${event.data.message}`];
      case "warning":
        return [`! ${event.data.message}`];
      case "git_push":
        return [`↑ pushed ${event.data.branch} at ${event.data.commit.slice(0, 7)}`];
      case "pull_request":
        return [`↗ pull request ${event.data.action}: ${event.data.url}`];
      case "execution_complete":
        return [
          ...this.flush(),
          event.data.success ? "■ finished" : `■ failed${event.data.reason ? `: ${event.data.reason}` : ""}`,
        ];
      default:
        return [];
    }
  }

  /** The agent's text so far, as indented lines, once. */
  flush(): string[] {
    const text = [...this.text.values()].join("\n").trim();
    this.text.clear();
    return text ? text.split("\n").map((line) => `  ${line}`) : [];
  }
}

function describeInput(input: unknown): string {
  if (!input || typeof input !== "object") return "";
  const fields = input as Record<string, unknown>;
  const value = fields.description ?? fields.command ?? fields.filePath ?? fields.path ?? fields.pattern;
  return typeof value === "string" ? value.split("\n")[0]!.slice(0, 120) : "";
}
