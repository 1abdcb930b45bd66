// Turns OpenCode's event stream into Nightshift events, attributing each to the prompt that is
// running. OpenCode sends a part's state again on every change; only changes become events.
// What is read of OpenCode's events is parsed (opencode-events.ts); what is sent is a timeline
// event (server/events/schemas.ts). The shapes are those of opencode 1.18 (see
// tests/unit/bridge-translate.test.ts).
import type { z } from "zod";
import type { BridgeTimelineEvent, JsonValue, ToolCallData } from "../../server/events/schemas";
import type { OpencodeEvent } from "./opencode";
import {
  deltaSchema,
  eventScopeSchema,
  messageInfoSchema,
  partSchema,
  sessionErrorSchema,
  sessionInfoSchema,
  statusSchema,
  stepFinishPartSchema,
  textPartSchema,
  toolPartSchema,
} from "./opencode-events";
import type { BridgeEvent } from "./protocol";

export const MAX_TOOL_OUTPUT = 8_000;

export type RunOutcome = { success: boolean; error?: string };

type Run = { messageId: string; sawBusy: boolean; lastError?: string; resolve: (outcome: RunOutcome) => void };

export class EventTranslator {
  private run: Run | null = null;
  private readonly userMessages = new Set<string>();
  private readonly partTypes = new Map<string, string>();
  private readonly textSent = new Map<string, number>();
  private readonly toolStatus = new Map<string, string>();
  private readonly unreadable = new Set<string>();
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
    const properties = event.properties;
    const scope = eventScopeSchema.safeParse(properties).data;
    const sessionId = scope?.sessionID ?? scope?.info?.sessionID ?? scope?.part?.sessionID;
    if (sessionId !== undefined && sessionId !== this.opencodeSessionId) return;

    switch (event.type) {
      case "session.updated":
        return this.onSessionUpdated(sessionInfoSchema.safeParse(properties.info).data?.title);
      case "message.updated": {
        const info = messageInfoSchema.safeParse(properties.info).data;
        if (info?.role === "user") this.userMessages.add(info.id);
        return;
      }
      case "message.part.updated":
        return this.onPart(properties.part);
      case "message.part.delta":
        return this.onDelta(deltaSchema.safeParse(properties).data);
      case "session.status":
        return this.onStatus(statusSchema.safeParse(properties.status).data);
      case "session.error":
        return this.onError(sessionErrorSchema.safeParse(properties.error).data);
      case "session.idle":
        return this.onIdle();
      default:
        return;
    }
  }

  private send(event: BridgeTimelineEvent): void {
    this.emit({ ...event, messageId: this.run?.messageId ?? null });
  }

  private onSessionUpdated(title: string | undefined): void {
    const trimmed = title?.trim() ?? "";
    // OpenCode names a session "New session - <time>" until its title model has answered.
    if (!trimmed || /^New session - /.test(trimmed) || trimmed === this.title) return;
    this.title = trimmed;
    this.send({ type: "session_title", data: { title: trimmed } });
  }

  private onPart(raw: unknown): void {
    const part = partSchema.safeParse(raw).data;
    if (!part) return;
    this.partTypes.set(part.id, part.type);
    if (part.messageID !== undefined && this.userMessages.has(part.messageID)) return;
    if (part.type === "text") {
      const text = this.read(textPartSchema, raw, part);
      if (!text || text.synthetic) return;
      const sent = this.textSent.get(part.id) ?? 0;
      if (text.text.length <= sent) return;
      this.textSent.set(part.id, text.text.length);
      this.send({ type: "token", data: { partId: part.id, text: text.text.slice(sent) } });
    } else if (part.type === "tool") {
      const tool = this.read(toolPartSchema, raw, part);
      if (!tool || this.toolStatus.get(part.id) === tool.state.status) return;
      this.toolStatus.set(part.id, tool.state.status);
      this.send({ type: "tool_call", data: toolCallData(part.id, tool) });
    } else if (part.type === "step-finish") {
      const step = this.read(stepFinishPartSchema, raw, part);
      if (!step) return;
      const { tokens } = step;
      this.send({
        type: "step_finish",
        data: {
          tokens: {
            input: tokens.input,
            output: tokens.output,
            reasoning: tokens.reasoning,
            cacheRead: tokens.cache.read,
            cacheWrite: tokens.cache.write,
          },
          cost: step.cost,
          ...(step.reason !== undefined ? { reason: step.reason } : {}),
        },
      });
    }
  }

  /** A part of a type the timeline shows, parsed; one that does not fit is said once, as a warning. */
  private read<Schema extends z.ZodType>(
    schema: Schema,
    raw: unknown,
    part: { id: string; type: string },
  ): z.output<Schema> | undefined {
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    if (this.unreadable.has(part.id)) return undefined;
    this.unreadable.add(part.id);
    this.send({
      type: "warning",
      data: {
        message: `OpenCode sent a ${part.type} part the bridge cannot read, so it is not shown.`,
        detail: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("\n"),
      },
    });
    return undefined;
  }

  private onDelta(delta: z.output<typeof deltaSchema> | undefined): void {
    if (!delta || delta.field !== "text") return;
    if (this.partTypes.get(delta.partID) !== "text") return;
    if (delta.messageID !== undefined && this.userMessages.has(delta.messageID)) return;
    this.textSent.set(delta.partID, (this.textSent.get(delta.partID) ?? 0) + delta.delta.length);
    this.send({ type: "token", data: { partId: delta.partID, text: delta.delta } });
  }

  private onStatus(status: z.output<typeof statusSchema> | undefined): void {
    if (!this.run || !status) return;
    if (status.type === "busy") this.run.sawBusy = true;
    if (status.type === "retry") {
      this.run.sawBusy = true;
      this.send({
        type: "warning",
        data: {
          message: `The model call failed (${status.message ?? "no reason given"}); OpenCode retries it (attempt ${status.attempt ?? "?"}).`,
        },
      });
    }
  }

  private onError(error: z.output<typeof sessionErrorSchema> | undefined): void {
    if (!error || error.name === "MessageAbortedError") return;
    const message = error.data?.message || error.name || "The agent failed.";
    if (this.run) this.run.lastError = message;
    this.send({ type: "error", data: { message, ...(error.name !== undefined ? { name: error.name } : {}) } });
  }

  private onIdle(): void {
    // An abort or an error makes OpenCode report idle twice; only idle after work ends a run.
    if (!this.run?.sawBusy) return;
    this.end(this.run.lastError ? { success: false, error: this.run.lastError } : { success: true });
  }
}

function toolCallData(partId: string, { tool, callID, state }: z.output<typeof toolPartSchema>): ToolCallData {
  return {
    callId: callID ?? partId,
    tool,
    status: state.status,
    ...(state.title !== undefined ? { title: state.title } : {}),
    input: cutInput(state.input ?? {}),
    ...(state.output !== undefined ? cutOutput(state.output) : {}),
    ...(state.error !== undefined ? { error: state.error } : {}),
  };
}

/** A tool's arguments, with long strings (a whole file being written) cut like outputs. */
function cutInput(input: JsonValue): JsonValue {
  if (typeof input === "string") return input.length <= MAX_TOOL_OUTPUT ? input : shorten(input);
  if (Array.isArray(input)) return input.map(cutInput);
  if (input !== null && typeof input === "object")
    return Object.fromEntries(Object.entries(input).map(([key, value]) => [key, cutInput(value)]));
  return input;
}

function cutOutput(output: string): Pick<ToolCallData, "output" | "outputTruncated"> {
  if (output.length <= MAX_TOOL_OUTPUT) return { output };
  return { output: shorten(output), outputTruncated: true };
}

function shorten(text: string): string {
  const hidden = text.length - MAX_TOOL_OUTPUT;
  return `${text.slice(0, MAX_TOOL_OUTPUT)}\n… (${hidden} more character${hidden === 1 ? "" : "s"} not shown)`;
}
