// Turns OpenCode's event stream into Nightshift events, attributing each to the prompt that is
// running. OpenCode sends a part's state again on every change; only changes become events.
// The event shapes are those of opencode 1.18 (see tests/unit/bridge-translate.test.ts).
import type { OpencodeEvent } from "./opencode";
import type { BridgeEvent } from "./protocol";

export const MAX_TOOL_OUTPUT = 8_000;

export type RunOutcome = { success: boolean; error?: string };

type Run = { messageId: string; sawBusy: boolean; lastError?: string; resolve: (outcome: RunOutcome) => void };
type Record_ = Record<string, unknown>;

export class EventTranslator {
  private run: Run | null = null;
  private readonly userMessages = new Set<string>();
  private readonly partTypes = new Map<string, string>();
  private readonly textSent = new Map<string, number>();
  private readonly toolStatus = new Map<string, string>();
  private title: string | null = null;

  constructor(
    private readonly opencodeSessionId: string,
    private readonly emit: (event: BridgeEvent) => void,
  ) {}

  /** Starts attributing events to this prompt; resolves when OpenCode goes idle after working on it. */
  begin(messageId: string): Promise<RunOutcome> {
    return new Promise((resolve) => {
      this.run = { messageId, sawBusy: false, resolve };
    });
  }

  /** Ends the current run now (e.g. OpenCode did not react to an abort). */
  end(outcome: RunOutcome): void {
    const run = this.run;
    this.run = null;
    run?.resolve(outcome);
  }

  handle(event: OpencodeEvent): void {
    const properties = event.properties ?? {};
    const sessionId =
      properties.sessionID ??
      (properties.info as Record_ | undefined)?.sessionID ??
      (properties.part as Record_ | undefined)?.sessionID;
    if (sessionId !== undefined && sessionId !== this.opencodeSessionId) return;

    switch (event.type) {
      case "session.updated":
        return this.onSessionUpdated(properties.info as Record_ | undefined);
      case "message.updated": {
        const info = properties.info as Record_ | undefined;
        if (info?.role === "user" && typeof info.id === "string") this.userMessages.add(info.id);
        return;
      }
      case "message.part.updated":
        return this.onPart(properties.part as Record_ | undefined);
      case "message.part.delta":
        return this.onDelta(properties);
      case "session.status":
        return this.onStatus(properties.status as Record_ | undefined);
      case "session.error":
        return this.onError(properties.error as Record_ | undefined);
      case "session.idle":
        return this.onIdle();
      default:
        return;
    }
  }

  private send(type: BridgeEvent["type"], data: Record_): void {
    this.emit({ type, data, messageId: this.run?.messageId ?? null });
  }

  private onSessionUpdated(info: Record_ | undefined): void {
    const title = typeof info?.title === "string" ? info.title.trim() : "";
    // OpenCode names a session "New session - <time>" until its title model has answered.
    if (!title || /^New session - /.test(title) || title === this.title) return;
    this.title = title;
    this.send("session_title", { title });
  }

  private onPart(part: Record_ | undefined): void {
    if (!part || typeof part.id !== "string") return;
    const type = String(part.type);
    this.partTypes.set(part.id, type);
    if (typeof part.messageID === "string" && this.userMessages.has(part.messageID)) return;
    if (type === "text" && typeof part.text === "string" && !part.synthetic) {
      const sent = this.textSent.get(part.id) ?? 0;
      if (part.text.length > sent) {
        this.textSent.set(part.id, part.text.length);
        this.send("token", { partId: part.id, text: part.text.slice(sent) });
      }
    } else if (type === "tool") {
      const state = (part.state ?? {}) as Record_;
      const status = String(state.status ?? "pending");
      if (this.toolStatus.get(part.id) === status) return;
      this.toolStatus.set(part.id, status);
      this.send("tool_call", {
        callId: part.callID ?? part.id,
        tool: part.tool,
        status,
        ...(typeof state.title === "string" ? { title: state.title } : {}),
        input: cutInput(state.input),
        ...(typeof state.output === "string" ? cut("output", state.output) : {}),
        ...(typeof state.error === "string" ? { error: state.error } : {}),
      });
    } else if (type === "step-finish") {
      const tokens = (part.tokens ?? {}) as Record_;
      const cache = (tokens.cache ?? {}) as Record_;
      this.send("step_finish", {
        tokens: {
          input: tokens.input ?? 0,
          output: tokens.output ?? 0,
          reasoning: tokens.reasoning ?? 0,
          cacheRead: cache.read ?? 0,
          cacheWrite: cache.write ?? 0,
        },
        cost: typeof part.cost === "number" ? part.cost : 0,
        ...(typeof part.reason === "string" ? { reason: part.reason } : {}),
      });
    }
  }

  private onDelta(properties: Record_): void {
    const partId = properties.partID;
    if (typeof partId !== "string" || properties.field !== "text" || typeof properties.delta !== "string") return;
    if (this.partTypes.get(partId) !== "text") return;
    if (typeof properties.messageID === "string" && this.userMessages.has(properties.messageID)) return;
    this.textSent.set(partId, (this.textSent.get(partId) ?? 0) + properties.delta.length);
    this.send("token", { partId, text: properties.delta });
  }

  private onStatus(status: Record_ | undefined): void {
    if (!this.run || !status) return;
    if (status.type === "busy") this.run.sawBusy = true;
    if (status.type === "retry") {
      this.run.sawBusy = true;
      this.send("warning", {
        message: `The model call failed (${String(status.message ?? "no reason given")}); OpenCode retries it (attempt ${String(status.attempt ?? "?")}).`,
      });
    }
  }

  private onError(error: Record_ | undefined): void {
    if (!error || error.name === "MessageAbortedError") return;
    const data = (error.data ?? {}) as Record_;
    const message =
      typeof data.message === "string" && data.message ? data.message : String(error.name ?? "The agent failed.");
    if (this.run) this.run.lastError = message;
    this.send("error", { message, ...(typeof error.name === "string" ? { name: error.name } : {}) });
  }

  private onIdle(): void {
    // An abort or an error makes OpenCode report idle twice; only idle after work ends a run.
    if (!this.run?.sawBusy) return;
    this.end(this.run.lastError ? { success: false, error: this.run.lastError } : { success: true });
  }
}

/** A tool's arguments, with long strings (a whole file being written) cut like outputs. */
function cutInput(input: unknown): unknown {
  if (typeof input === "string") return input.length <= MAX_TOOL_OUTPUT ? input : shorten(input);
  if (Array.isArray(input)) return input.map(cutInput);
  if (input && typeof input === "object")
    return Object.fromEntries(Object.entries(input).map(([key, value]) => [key, cutInput(value)]));
  return input ?? {};
}

function cut(field: string, text: string): Record_ {
  if (text.length <= MAX_TOOL_OUTPUT) return { [field]: text };
  return { [field]: shorten(text), [`${field}Truncated`]: true };
}

function shorten(text: string): string {
  const hidden = text.length - MAX_TOOL_OUTPUT;
  return `${text.slice(0, MAX_TOOL_OUTPUT)}\n… (${hidden} more character${hidden === 1 ? "" : "s"} not shown)`;
}
