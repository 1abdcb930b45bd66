// The ids of the bots' deliveries are kept so that a retry acts once: Slack's event ids
// (./slack/events.ts) and Linear's Linear-Delivery ids (./linear/webhook.ts). Both retry for
// minutes, not days, so a day's worth is plenty; older ones are deleted.
import { type DbClient, getDb } from "../db";

export const DELIVERY_RETENTION_HOURS = 24;

/** Deletes the delivery ids received before the retention period; returns how many. */
export async function pruneBotDeliveries(now: Date = new Date(), db: DbClient = getDb()): Promise<number> {
  const receivedAt = { lt: new Date(now.getTime() - DELIVERY_RETENTION_HOURS * 60 * 60 * 1000) };
  const [slack, linear] = await Promise.all([
    db.slackEvent.deleteMany({ where: { receivedAt } }),
    db.linearDelivery.deleteMany({ where: { receivedAt } }),
  ]);
  return slack.count + linear.count;
}
