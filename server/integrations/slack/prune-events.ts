// Event ids are kept so that Slack's retry of an event acts once (./events.ts). Slack retries for
// minutes, not days, so a day's worth is plenty; older ones are deleted.
import { type DbClient, getDb } from "../../db";

export const EVENT_RETENTION_HOURS = 24;

/** Deletes the event ids received before the retention period; returns how many. */
export async function pruneSlackEvents(now: Date = new Date(), db: DbClient = getDb()): Promise<number> {
  const before = new Date(now.getTime() - EVENT_RETENTION_HOURS * 60 * 60 * 1000);
  const { count } = await db.slackEvent.deleteMany({ where: { receivedAt: { lt: before } } });
  return count;
}
