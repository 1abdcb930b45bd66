import type { Actor } from "../access/actor";
import { authorizeSession } from "../access/authorize-session";
import { type DbClient, getDb } from "../db";
import { AppError } from "../errors";
import { eventSelect as select, type StoredEvent, toStoredEvent } from "./stored-event";

export type EventPageOptions = { sessionId: string; afterSeq?: number; beforeSeq?: number; limit?: number };
/** `actor`: who asks; they must be allowed to read the session's repository. */
export type ListEventsOptions = EventPageOptions & { actor: Actor };
export type EventPage = {
  events: StoredEvent[];
  /** The session's last sequence number now: a client has everything when it has reached it. */
  lastSeq: number;
  /** Whether events older than this page exist (for the latest page). */
  hasEarlier: boolean;
};

/**
 * A page of a session's timeline, oldest first: after `afterSeq`, the page just before
 * `beforeSeq` (scrolling back), or else the latest page.
 */
export async function listEvents(options: ListEventsOptions, db: DbClient = getDb()): Promise<EventPage> {
  const { actor, ...page } = options;
  await authorizeSession({ sessionId: options.sessionId, actor, need: "read" }, db);
  return readEventPage(page, db);
}

/** The same, for callers that checked access already (the session snapshot). */
export async function readEventPage(options: EventPageOptions, db: DbClient = getDb()): Promise<EventPage> {
  const limit = options.limit ?? 100;
  const session = await db.session.findUnique({ where: { id: options.sessionId }, select: { lastEventSeq: true } });
  if (!session) throw new AppError("NOT_FOUND", "That session does not exist.");
  // Bounded by lastSeq, so the page and lastSeq agree even while events are being appended.
  const upTo = session.lastEventSeq;

  if (options.afterSeq !== undefined) {
    const events = await db.event.findMany({
      where: { sessionId: options.sessionId, seq: { gt: options.afterSeq, lte: upTo } },
      orderBy: { seq: "asc" },
      take: limit,
      select,
    });
    return { events: events.map(toStoredEvent), lastSeq: upTo, hasEarlier: options.afterSeq > 0 };
  }
  const before = Math.min(upTo + 1, options.beforeSeq ?? upTo + 1);
  const latest = await db.event.findMany({
    where: { sessionId: options.sessionId, seq: { lt: before } },
    orderBy: { seq: "desc" },
    take: limit,
    select,
  });
  const events = latest.reverse().map(toStoredEvent);
  return { events, lastSeq: upTo, hasEarlier: (events[0]?.seq ?? 1) > 1 };
}
