// Webhook delivery ids are kept so a repeated delivery is recognised (handle-delivery.ts). GitHub
// redelivers only recent deliveries, so ids older than this are of no more use and are deleted.
import { type DbClient, getDb } from "../../db";

export const DELIVERY_RETENTION_DAYS = 30;

/** Deletes the delivery ids received before the retention period; returns how many. */
export async function pruneGithubDeliveries(now: Date = new Date(), db: DbClient = getDb()): Promise<number> {
  const before = new Date(now.getTime() - DELIVERY_RETENTION_DAYS * 24 * 60 * 60 * 1000);
  const { count } = await db.githubDelivery.deleteMany({ where: { receivedAt: { lt: before } } });
  return count;
}
