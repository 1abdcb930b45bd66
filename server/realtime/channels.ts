// Realtime channel names and message shapes, shared by the server and the browser. A session
// has a private channel for its timeline and a presence channel for who is looking at it.
// Messages stay small: Pusher refuses more than 10 KB, so an event larger than 8 KB is only
// announced, and the browser fetches it. The browser parses every message with the schemas
// here. docs/realtime.md.
import { z } from "zod";
import { fitStoredEvent } from "../events/fit-event";
import { TIMELINE_EVENT_TYPES, type TimelineEvent, type TimelineEventType } from "../events/schemas";

export const SESSION_CHANNEL_PREFIX = "private-session-";
export const PRESENCE_CHANNEL_PREFIX = "presence-session-";

/** Every signed-in person's sessions list listens here for `session-changed` { sessionId }. */
export const SESSIONS_CHANNEL = "private-sessions";

export const sessionChannel = (sessionId: string) => `${SESSION_CHANNEL_PREFIX}${sessionId}`;
export const presenceChannel = (sessionId: string) => `${PRESENCE_CHANNEL_PREFIX}${sessionId}`;

/** The session a channel belongs to, or undefined for a channel that is not a session's. */
export function sessionOfChannel(channel: string): { sessionId: string; kind: "events" | "presence" } | undefined {
  for (const [prefix, kind] of [
    [SESSION_CHANNEL_PREFIX, "events"],
    [PRESENCE_CHANNEL_PREFIX, "presence"],
  ] as const) {
    if (channel.startsWith(prefix) && channel.length > prefix.length)
      return { sessionId: channel.slice(prefix.length), kind };
  }
  return undefined;
}

/** The realtime event name for timeline events on a session's channel. */
export const TIMELINE_EVENT = "timeline";

/** The realtime event name for a session's new usage totals after a model call (server/models/gateway/session-usage.ts). */
export const USAGE_EVENT = "usage";

/** The realtime event name for "the session's queue or state changed: fetch it again". */
export const SESSION_CHANGED_EVENT = "session-changed";

/** A person's page says how present they are: active, idle (no input for a while) or away (tab hidden). */
export const PRESENCE_STATE_EVENT = "presence-state";
export const PRESENCE_STATES = ["active", "idle", "away"] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];
export const presenceStateMessageSchema = z.object({ userId: z.string(), state: z.enum(PRESENCE_STATES) });
export type PresenceStateMessage = z.infer<typeof presenceStateMessageSchema>;

/** `session-changed`, on a session's channel and on the sessions channel. */
export const sessionChangedMessageSchema = z.object({ sessionId: z.string() });
export type SessionChangedMessage = z.infer<typeof sessionChangedMessageSchema>;

/** An event larger than this is announced, not pushed; a timeline message carries at most this much. */
export const MAX_PUSHED_EVENT_BYTES = 8 * 1024;

type EventEnvelope = { seq: number; messageId: string | null; createdAt: string };
/** One stored event as pushed: whole, or only announced (fetch it) when it is too large. */
export type TimelineEventMessage =
  (EventEnvelope & TimelineEvent) | (EventEnvelope & { type: TimelineEventType; announced: true });

/** What a `timeline` message carries: consecutive stored events of one session, oldest first. */
export type TimelineMessage = { events: TimelineEventMessage[] };

const envelopeShape = { seq: z.number().int().min(1), messageId: z.string().nullable(), createdAt: z.string() };
const timelineMessageSchema = z.object({
  events: z.array(
    z.union([
      z.object({ ...envelopeShape, type: z.enum(TIMELINE_EVENT_TYPES), announced: z.literal(true) }),
      // Each pushed event is fitted on its own: one that does not fit shows as an error event.
      z
        .object({ ...envelopeShape, type: z.string(), data: z.unknown() })
        .transform(({ type, data, ...envelope }) => ({ ...envelope, ...fitStoredEvent({ type, data }) })),
    ]),
  ),
});

/** A `timeline` message as received, typed; undefined when it is not one (fetch instead). */
export function parseTimelineMessage(raw: unknown): TimelineMessage | undefined {
  return timelineMessageSchema.safeParse(raw).data;
}

/** A stored event; its id and session are not pushed (the channel says the session). */
type PublishableEvent = TimelineEvent & {
  seq: number;
  messageId: string | null;
  createdAt: Date;
  id?: string;
  sessionId?: string;
};

const encoder = new TextEncoder();
const byteLength = (text: string) => encoder.encode(text).length;

/** One stored event as pushed: whole, or announced when it is too large to push. */
export function timelineEventMessage(event: PublishableEvent): TimelineEventMessage {
  const { id: _id, sessionId: _sessionId, createdAt, ...pushed } = event;
  const whole = { ...pushed, createdAt: createdAt.toISOString() };
  if (byteLength(JSON.stringify(whole)) <= MAX_PUSHED_EVENT_BYTES) return whole;
  return { seq: event.seq, type: event.type, messageId: event.messageId, createdAt: whole.createdAt, announced: true };
}

/**
 * One session's stored events, in order, packed into as few messages as fit under the limit:
 * a streamed answer's hundred small events travel as a handful of messages, not a hundred.
 */
export function timelineMessages(events: readonly PublishableEvent[]): TimelineMessage[] {
  const envelope = byteLength(JSON.stringify({ events: [] }));
  const messages: TimelineMessage[] = [];
  let current: TimelineEventMessage[] = [];
  let size = envelope;
  for (const event of events) {
    const item = timelineEventMessage(event);
    const bytes = byteLength(JSON.stringify(item)) + 1; // and its comma
    if (current.length > 0 && size + bytes > MAX_PUSHED_EVENT_BYTES + envelope) {
      messages.push({ events: current });
      current = [];
      size = envelope;
    }
    current.push(item);
    size += bytes;
  }
  if (current.length > 0) messages.push({ events: current });
  return messages;
}
