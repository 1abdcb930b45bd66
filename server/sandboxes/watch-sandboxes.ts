// The sweeps the scheduled jobs run: sandboxes that went silent are declared lost, idle ones are
// stopped, and queues left waiting (a dispatch request that never arrived) are started again.
import { type DbClient, getDb } from "../db";
import { appendEventsInTransaction, inTransactionPublishing } from "../events/append-events";
import { logger } from "../logger";
import { lockSession } from "../sessions/lock-session";
import { requestDispatch } from "../sessions/request-dispatch";
import { type Env, getEnv } from "../env";
import { failSandbox, stopQuietly } from "./fail-sandbox";
import { getSandboxProvider } from "./get-provider";
import type { SandboxProvider } from "./provider";
import { takeSnapshot } from "./snapshots/take-snapshot";
import { suspendInTransaction } from "./suspend-sandboxes";
import { AWAKE_SANDBOX_STATUSES, HEARTBEAT_TIMEOUT_MS, IDLE_TIMEOUT_MS } from "./sandbox-status";

export const SANDBOX_LOST = "sandbox lost";

/**
 * Fails every live sandbox silent for 60 s, and the prompt it was running ("sandbox lost"). A
 * suspended sandbox is silent by design, and not counted.
 */
export async function declareLostSandboxes(now: Date = new Date(), db: DbClient = getDb()): Promise<string[]> {
  const silentSince = new Date(now.getTime() - HEARTBEAT_TIMEOUT_MS);
  const silent = await db.sandbox.findMany({
    where: {
      status: { in: AWAKE_SANDBOX_STATUSES },
      OR: [{ lastHeartbeatAt: { lt: silentSince } }, { lastHeartbeatAt: null, createdAt: { lt: silentSince } }],
    },
    select: { id: true },
  });
  for (const { id } of silent) {
    await failSandbox(
      {
        sandboxId: id,
        error: `The sandbox stopped responding: no heartbeat for ${HEARTBEAT_TIMEOUT_MS / 1000} s.`,
        promptError: SANDBOX_LOST,
        silentSince,
      },
      db,
    );
  }
  return silent.map(({ id }) => id);
}

export type IdleOptions = {
  /** How many suspended sandboxes are kept (./suspend-sandboxes.ts); 0 stops idle sandboxes. */
  suspendedLimit?: number;
  env?: Env;
  provider?: SandboxProvider;
};

/**
 * Suspends sandboxes with nothing to do for 10 minutes, when their provider can and suspended
 * sandboxes are kept, or else stops them; the next prompt resumes a suspended one, or starts a new
 * one restored from the snapshot taken here — unless one was taken since the sandbox last did
 * anything (after its last prompt, usually), which already holds all it has. Returns their ids.
 */
export async function stopIdleSandboxes(
  now: Date = new Date(),
  db: DbClient = getDb(),
  options: IdleOptions = {},
): Promise<string[]> {
  const env = options.env ?? getEnv();
  const provider = options.provider ?? getSandboxProvider(env);
  const suspendedLimit = options.suspendedLimit ?? env.sandboxes.suspendedLimit;
  const idleSince = new Date(now.getTime() - IDLE_TIMEOUT_MS);
  const candidates = await db.sandbox.findMany({
    where: { status: { in: ["ready", "stale"] }, lastActivityAt: { lt: idleSince } },
    select: { id: true, sessionId: true, lastActivityAt: true },
  });
  const stopped: string[] = [];
  for (const candidate of candidates) {
    const saved = await db.sandboxSnapshot.count({
      where: { sandboxId: candidate.id, status: "ready", createdAt: { gte: candidate.lastActivityAt } },
    });
    if (saved === 0 && (await takeSnapshot(candidate.id, "idle", { db }))) {
      // A provider whose snapshot ends the sandbox (Vercel Sandbox) has stopped it with it.
      const after = await db.sandbox.findUnique({ where: { id: candidate.id }, select: { status: true } });
      if (after?.status === "stopped") {
        stopped.push(candidate.id);
        continue;
      }
    }
    const started = await inTransactionPublishing(db, async (tx) => {
      await lockSession(tx, candidate.sessionId);
      const sandbox = await tx.sandbox.findUniqueOrThrow({
        where: { id: candidate.id },
        select: { id: true, sessionId: true, status: true, lastActivityAt: true, provider: true, providerId: true },
      });
      const busy = await tx.message.count({
        where: { sessionId: candidate.sessionId, status: { in: ["processing", "pending"] } },
      });
      if (!["ready", "stale"].includes(sandbox.status) || sandbox.lastActivityAt >= idleSince || busy > 0)
        return undefined;
      if (suspendedLimit > 0 && (await suspendInTransaction(tx, sandbox, provider))) return "suspended";
      await tx.sandbox.update({ where: { id: candidate.id }, data: { status: "stopped", stoppedAt: new Date() } });
      await appendEventsInTransaction(tx, {
        sessionId: candidate.sessionId,
        events: [
          {
            type: "sandbox_status",
            data: { status: "stopped", reason: `idle for ${IDLE_TIMEOUT_MS / 60_000} minutes` },
          },
        ],
      });
      return { provider: sandbox.provider, providerId: sandbox.providerId };
    });
    if (started === undefined) continue;
    if (started === "suspended") {
      logger.info("suspended an idle sandbox", { sandboxId: candidate.id, sessionId: candidate.sessionId });
      stopped.push(candidate.id);
      continue;
    }
    await stopQuietly(started);
    logger.info("stopped an idle sandbox", { sandboxId: candidate.id, sessionId: candidate.sessionId });
    stopped.push(candidate.id);
  }
  return stopped;
}

/** Sessions whose prompts have waited 30 s with none running (a dispatch request was lost): dispatch again. */
export async function redispatchWaitingSessions(db: DbClient = getDb()): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ session_id: string }>>`
    SELECT DISTINCT m.session_id FROM messages m
    WHERE m.status = 'pending'
      AND m.created_at < now() - interval '30 seconds'
      AND NOT EXISTS (SELECT 1 FROM messages p WHERE p.session_id = m.session_id AND p.status = 'processing')`;
  for (const row of rows) await requestDispatch(row.session_id);
  return rows.map((row) => row.session_id);
}
