// Sandboxes that time out (Vercel Sandbox) live while they work: every watch tick, a live sandbox
// whose end is less than EXTEND_WHEN_LEFT_MS away is extended by EXTEND_BY_MS when a prompt runs
// in it or it was active within the idle timeout — up to the provider's longest lifetime, never
// past it. One that reaches that limit mid-prompt is lost like any other (its prompt fails with
// what was saved); the next prompt continues from the session's snapshot or pushed branch.
import { type DbClient, getDb } from "../db";
import { logger } from "../logger";
import { getSandboxProvider } from "./get-provider";
import type { SandboxProvider } from "./provider";
import { AWAKE_SANDBOX_STATUSES } from "./sandbox-status";

export const EXTEND_WHEN_LEFT_MS = 5 * 60_000;
export const EXTEND_BY_MS = 10 * 60_000;
/** As the idle sweep's (./watch-sandboxes.ts): a sandbox idle longer is about to be stopped anyway. */
const RECENTLY_ACTIVE_MS = 10 * 60_000;

export async function extendSandboxTimeouts(
  now: Date = new Date(),
  deps: { db?: DbClient; provider?: SandboxProvider } = {},
): Promise<string[]> {
  const db = deps.db ?? getDb();
  const provider = deps.provider ?? getSandboxProvider();
  if (!provider.extendTimeout) return [];
  const due = await db.sandbox.findMany({
    where: {
      provider: provider.name,
      providerId: { not: null },
      status: { in: AWAKE_SANDBOX_STATUSES.filter((status) => status !== "snapshotting") },
      expiresAt: { lt: new Date(now.getTime() + EXTEND_WHEN_LEFT_MS) },
      OR: [{ status: "running" }, { lastActivityAt: { gt: new Date(now.getTime() - RECENTLY_ACTIVE_MS) } }],
    },
    select: { id: true, providerId: true, createdAt: true },
  });
  const extended: string[] = [];
  for (const sandbox of due) {
    const lifetimeLeft = sandbox.createdAt.getTime() + (provider.maxLifetimeMs ?? Infinity) - now.getTime();
    const by = Math.min(EXTEND_BY_MS, lifetimeLeft);
    if (by <= 0) continue;
    try {
      const expiresAt = await provider.extendTimeout(sandbox.providerId!, by);
      await db.sandbox.update({ where: { id: sandbox.id }, data: { expiresAt } });
      extended.push(sandbox.id);
    } catch (error) {
      logger.warn("could not extend a sandbox's timeout", { sandboxId: sandbox.id, error });
    }
  }
  return extended;
}
