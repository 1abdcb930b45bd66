// A prompt's final answer: the last text part the agent wrote while running it, put together
// from its streamed token events. What the GitHub bot posts back, and what the API's prompt
// result (and so the GitHub Action's summary) shows.
import type { DbClient } from "../db";
import { fitStoredEvent } from "./fit-event";

export async function finalAnswer(messageId: string, db: DbClient): Promise<string | null> {
  const tokens = await db.event.findMany({
    where: { messageId, type: "token" },
    orderBy: { seq: "asc" },
    select: { type: true, data: true },
  });
  const parts = new Map<string, string>();
  for (const row of tokens) {
    const event = fitStoredEvent(row);
    if (event.type !== "token") continue;
    parts.set(event.data.partId, (parts.get(event.data.partId) ?? "") + event.data.text);
  }
  return [...parts.values()].at(-1)?.trim() || null;
}
