import { type DbClient, type DbTransaction, getDb, inTransaction } from "../db";
import type { Prisma } from "../generated/prisma/client";

export type NewEvent = { type: string; data: Prisma.InputJsonValue; messageId?: string | null };
export type AppendEventsOptions = { sessionId: string; events: NewEvent[] };
export type StoredEvent = { id: string; seq: number; type: string; data: Prisma.JsonValue; messageId: string | null; createdAt: Date };

/** What leaves the server about an event. */
export const eventSelect = { id: true, seq: true, type: true, data: true, messageId: true, createdAt: true } as const;

/**
 * Stores events with the session's next sequence numbers. The counter on the session row is
 * advanced in the same transaction, so numbers are unique, strictly increasing and without
 * gaps even when several writers append at once (the row lock orders them).
 */
export async function appendEvents(options: AppendEventsOptions, db: DbClient = getDb()): Promise<StoredEvent[]> {
  if (options.events.length === 0) return [];
  return inTransaction(db, (tx) => appendEventsInTransaction(tx, options));
}

/** The same, inside a caller's transaction (which then holds the session row's lock). */
export async function appendEventsInTransaction(tx: DbTransaction, options: AppendEventsOptions): Promise<StoredEvent[]> {
  if (options.events.length === 0) return [];
  const { lastEventSeq } = await tx.session.update({
    where: { id: options.sessionId },
    data: { lastEventSeq: { increment: options.events.length } },
    select: { lastEventSeq: true },
  });
  const first = lastEventSeq - options.events.length + 1;
  return tx.event.createManyAndReturn({
    data: options.events.map((event, index) => ({
      sessionId: options.sessionId,
      seq: first + index,
      type: event.type,
      data: event.data,
      messageId: event.messageId ?? null,
    })),
    select: eventSelect,
  });
}
