// The one place where event data from outside the type system becomes a typed event: a bridge's
// batch, a stored row, a realtime message. An event that does not fit is kept as an `error` event
// in its place that says, for people, which type arrived and what was wrong: nothing is dropped,
// a batch is never refused for it (the bridge would resend it forever), and no page crashes.
// Pure, like the schemas: the browser uses it too.
import { z } from "zod";
import {
  BRIDGE_EVENT_TYPES,
  type BridgeTimelineEvent,
  bridgeTimelineEventSchema,
  type ErrorData,
  TIMELINE_EVENT_TYPES,
  type TimelineEvent,
  timelineEventSchema,
} from "./schemas";

/** How much of a misfit's data its error event keeps, for whoever investigates. */
const MAX_DETAIL = 2_000;
const MAX_ISSUES = 3;

const candidateSchema = z.object({
  type: z.string(),
  data: z.unknown(),
  // An unreadable prompt id is dropped rather than refusing the event.
  messageId: z.string().min(1).nullish().catch(null),
});

type Words = { unknownType: (type: string) => string; misfit: (type: string) => string; notAnEvent: string };

const FROM_SANDBOX: Words = {
  unknownType: (type) => `The sandbox sent an event of a type it may not send: "${type}".`,
  misfit: (type) => `The sandbox sent a ${type} event that does not fit`,
  notAnEvent: "The sandbox sent something that is not an event",
};

const STORED: Words = {
  unknownType: (type) => `This timeline holds an event of a type Nightshift does not know: "${type}".`,
  misfit: (type) => `This timeline holds a ${type} event that does not fit`,
  notAnEvent: "This timeline holds something that is not an event",
};

/** An event from a sandbox's batch, with its prompt: as sent, or an error event in its place. */
export function fitBridgeEvent(raw: unknown): BridgeTimelineEvent & { messageId: string | null } {
  return fit(bridgeTimelineEventSchema, BRIDGE_EVENT_TYPES, raw, FROM_SANDBOX);
}

/** A stored (or published) event's type and data, typed: as stored, or an error event in its place. */
export function fitStoredEvent(stored: { type: string; data: unknown }): TimelineEvent {
  const { messageId: _messageId, ...event } = fit(timelineEventSchema, TIMELINE_EVENT_TYPES, stored, STORED);
  return event;
}

type ErrorEvent = { type: "error"; data: ErrorData };

function fit<Event extends { type: string }>(
  schema: z.ZodType<Event>,
  types: readonly string[],
  raw: unknown,
  words: Words,
): (Event | ErrorEvent) & { messageId: string | null } {
  const candidate = candidateSchema.safeParse(raw);
  if (!candidate.success) return errorEvent(`${words.notAnEvent}: ${describe(candidate.error)}.`, raw, null);
  const { type, data } = candidate.data;
  const messageId = candidate.data.messageId ?? null;
  if (!types.includes(type)) return errorEvent(words.unknownType(type), raw, messageId);
  const parsed = schema.safeParse({ type, data });
  if (parsed.success) return { ...parsed.data, messageId };
  return errorEvent(`${words.misfit(type)}: ${describe(parsed.error)}.`, data, messageId);
}

function errorEvent(
  message: string,
  received: unknown,
  messageId: string | null,
): ErrorEvent & { messageId: string | null } {
  const detail = JSON.stringify(received) ?? String(received);
  return {
    type: "error",
    data: { message, detail: detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL)}…` : detail },
    messageId,
  };
}

/** "status: expected one of …; title: expected string, received number", paths from the data's root. */
function describe(error: z.ZodError): string {
  const issues = error.issues.slice(0, MAX_ISSUES).map((issue) => {
    const path = (issue.path[0] === "data" ? issue.path.slice(1) : issue.path).map(String).join(".");
    return path ? `${path}: ${explain(issue)}` : explain(issue);
  });
  const more = error.issues.length - MAX_ISSUES;
  return more > 0 ? `${issues.join("; ")} (and ${more} more)` : issues.join("; ");
}

function explain(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_union" && "options" in issue && Array.isArray(issue.options))
    return `expected one of ${issue.options.map((option) => JSON.stringify(option)).join("|")}`;
  if (issue.code === "invalid_union") return "not a value this field takes";
  return issue.message.replace(/^Invalid (input|option): /, "");
}
