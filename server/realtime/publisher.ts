// Publishes to browsers through the Pusher HTTP API — Pusher's cloud, or the embedded server of
// the same protocol. Publishing happens after the events are stored and committed; a failure is
// logged and nothing more, because browsers fetch any gap they notice.
import Pusher from "pusher";
import { type Env, getEnv } from "../env";
import { EVENT_REFRESHES } from "../events/refreshes";
import type { StoredEvent } from "../events/stored-event";
import { logger } from "../logger";
import {
  PRESENCE_STATE_EVENT,
  type PresenceState,
  type PresenceStateMessage,
  SESSION_CHANGED_EVENT,
  type SessionChangedMessage,
  SESSIONS_CHANNEL,
  sessionChannel,
  TIMELINE_EVENT,
  timelineMessages,
  USAGE_EVENT,
} from "./channels";
import type { UsageMessage } from "../models/gateway/session-usage";

const state = globalThis as typeof globalThis & { nightshiftPusher?: Pusher | null };

/** The Pusher client of this configuration, or null when no realtime server is configured. */
export function getPusher(env: Env = getEnv()): Pusher | null {
  if (state.nightshiftPusher !== undefined) return state.nightshiftPusher;
  const realtime = env.realtime;
  if (realtime.kind === "none") {
    state.nightshiftPusher = null;
  } else {
    const base = {
      appId: realtime.appId,
      key: realtime.key,
      secret: realtime.secret,
      useTLS: realtime.useTLS,
      timeout: 5_000,
    };
    state.nightshiftPusher = realtime.host
      ? new Pusher({ ...base, host: realtime.host, port: realtime.port ? String(realtime.port) : undefined })
      : new Pusher({ ...base, cluster: realtime.cluster ?? "mt1" });
  }
  return state.nightshiftPusher;
}

const BATCH_LIMIT = 10;

const changed = (sessionId: string): SessionChangedMessage => ({ sessionId });

/**
 * Sends stored events to their sessions' channels, in order, packed into few messages; then, on
 * the sessions list's channel, which sessions may have changed.
 */
export async function publishEvents(events: Array<StoredEvent & { sessionId: string }>): Promise<void> {
  const pusher = getPusher();
  if (!pusher || events.length === 0) return;
  const bySession = new Map<string, StoredEvent[]>();
  for (const event of events) {
    const group = bySession.get(event.sessionId);
    if (group) group.push(event);
    else bySession.set(event.sessionId, [event]);
  }
  const batch: Array<{ channel: string; name: string; data: string }> = [];
  for (const [sessionId, ofSession] of bySession) {
    const ordered = ofSession.slice().sort((a, b) => a.seq - b.seq);
    for (const message of timelineMessages(ordered))
      batch.push({ channel: sessionChannel(sessionId), name: TIMELINE_EVENT, data: JSON.stringify(message) });
  }
  for (const [sessionId, ofSession] of bySession) {
    if (ofSession.some((event) => EVENT_REFRESHES[event.type].sessionsList))
      batch.push({ channel: SESSIONS_CHANNEL, name: SESSION_CHANGED_EVENT, data: JSON.stringify(changed(sessionId)) });
  }
  try {
    // Pusher takes at most 10 messages per batch call; calls go one after another to keep order.
    for (let start = 0; start < batch.length; start += BATCH_LIMIT) {
      await pusher.triggerBatch(batch.slice(start, start + BATCH_LIMIT));
    }
  } catch (error) {
    logger.warn("could not publish events; browsers will fetch them", { sessions: [...bySession.keys()], error });
  }
}

/**
 * Tells the session's pages that its queue or state changed outside the timeline (a prompt
 * queued, cancelled, a session archived): they fetch the session again.
 */
export async function publishSessionChanged(sessionId: string): Promise<void> {
  const pusher = getPusher();
  if (!pusher) return;
  try {
    await pusher.trigger([sessionChannel(sessionId), SESSIONS_CHANNEL], SESSION_CHANGED_EVENT, changed(sessionId));
  } catch (error) {
    logger.warn("could not publish a session change", { sessionId, error });
  }
}

/**
 * Tells the session's pages what its model calls have used and cost so far; `usage` is read only
 * when there is a realtime server to tell.
 */
export async function publishUsage(sessionId: string, usage: () => Promise<UsageMessage["usage"]>): Promise<void> {
  const pusher = getPusher();
  if (!pusher) return;
  try {
    await pusher.trigger(sessionChannel(sessionId), USAGE_EVENT, {
      sessionId,
      usage: await usage(),
    } satisfies UsageMessage);
  } catch (error) {
    logger.warn("could not publish a session's usage", { sessionId, error });
  }
}

/** Tells the session's pages how present this person is; nothing is stored. */
export async function publishPresenceState(sessionId: string, userId: string, state: PresenceState): Promise<void> {
  const pusher = getPusher();
  if (!pusher) return;
  const message: PresenceStateMessage = { userId, state };
  try {
    await pusher.trigger(sessionChannel(sessionId), PRESENCE_STATE_EVENT, message);
  } catch (error) {
    logger.warn("could not publish a presence state", { sessionId, error });
  }
}
