import { type DbClient, type DbTransaction, getDb } from "../db";
import { publishEvents } from "../realtime/publisher";
import type { TimelineEvent } from "./schemas";
import { eventSelect, type StoredEvent, toStoredEvent } from "./stored-event";

/** Only a valid timeline event can be appended (server/events/schemas.ts). */
export type NewEvent = TimelineEvent & { messageId?: string | null };
export type AppendEventsOptions = { sessionId: string; events: NewEvent[] };

/**
 * Stores events with the session's next sequence numbers. The counter on the session row is
 * advanced in the same transaction, so numbers are unique, strictly increasing and without
 * gaps even when several writers append at once (the row lock orders them).
 */
export async function appendEvents(options: AppendEventsOptions, db: DbClient = getDb()): Promise<StoredEvent[]> {
  if (options.events.length === 0) return [];
  return inTransactionPublishing(db, (tx) => appendEventsInTransaction(tx, options));
}

/**
 * Runs `work` in a transaction, then publishes every event it appended, once it has committed.
 * Services that append events inside a larger transaction use this instead of inTransaction.
 */
export async function inTransactionPublishing<T>(db: DbClient, work: (tx: DbTransaction) => Promise<T>): Promise<T> {
  // Inside a caller's transaction, the caller's own call publishes after its commit.
  if (!("$transaction" in db)) return work(db);
  const appended: Array<StoredEvent & { sessionId: string }> = [];
  const result = await db.$transaction(async (tx) => {
    collectors.set(tx, appended);
    return work(tx);
  });
  await publishEvents(appended);
  return result;
}

const collectors = new WeakMap<DbTransaction, Array<StoredEvent & { sessionId: string }>>();

/** The same, inside a caller's transaction (which then holds the session row's lock). */
export async function appendEventsInTransaction(
  tx: DbTransaction,
  options: AppendEventsOptions,
): Promise<StoredEvent[]> {
  if (options.events.length === 0) return [];
  const stored = await insertEvents(tx, options);
  collectors.get(tx)?.push(...stored.map((event) => ({ ...event, sessionId: options.sessionId })));
  return stored;
}

async function insertEvents(tx: DbTransaction, options: AppendEventsOptions): Promise<StoredEvent[]> {
  const { lastEventSeq } = await tx.session.update({
    where: { id: options.sessionId },
    data: { lastEventSeq: { increment: options.events.length } },
    select: { lastEventSeq: true },
  });
  const first = lastEventSeq - options.events.length + 1;
  const rows = await tx.event.createManyAndReturn({
    data: options.events.map((event, index) => ({
      sessionId: options.sessionId,
      seq: first + index,
      type: event.type,
      data: event.data,
      messageId: event.messageId ?? null,
    })),
    select: eventSelect,
  });
  return rows.map(toStoredEvent);
}
