// Stored events as they leave the database: typed. Rows are parsed here and nowhere else, so a
// row stored before a schema changed, that no longer fits it, is shown as an error event rather
// than crashing a page (server/events/fit-event.ts).
import type { Prisma } from "../generated/prisma/client";
import { fitStoredEvent } from "./fit-event";
import type { TimelineEvent } from "./schemas";

/** What leaves the server about an event. */
export const eventSelect = {
  id: true,
  seq: true,
  type: true,
  data: true,
  messageId: true,
  createdAt: true,
} satisfies Prisma.EventSelect;

type EventRow = Prisma.EventGetPayload<{ select: typeof eventSelect }>;

export type StoredEvent = TimelineEvent & { id: string; seq: number; messageId: string | null; createdAt: Date };

export function toStoredEvent({ type, data, ...row }: EventRow): StoredEvent {
  return { ...row, ...fitStoredEvent({ type, data }) };
}
