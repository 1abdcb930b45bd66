// Recording a model call: its tokens and cost stored against the session, the prompt, the
// person charged and the repository, the session's total raised with it, and the session's pages
// told. The records being written in this process are kept, so that a budget check can wait for
// the calls that have just ended.
import { type DbClient, getDb, inTransaction } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import { logger } from "../../logger";
import { publishUsage } from "../../realtime/publisher";
import { type CatalogModel, costMicros } from "../catalog";
import type { GatewayCaller } from "./caller";
import { sessionUsage } from "./session-usage";
import type { Usage } from "./usage";

/** Calls being recorded in this process now. */
const recording = new Set<Promise<boolean>>();

/** Resolves once the calls being recorded now are stored (or have failed to be). */
export async function callsRecorded(): Promise<void> {
  await Promise.all(recording);
}

export type RecordedCall = {
  caller: GatewayCaller;
  provider: string;
  model: CatalogModel;
  status: number;
  usage: Usage;
  startedAt: number;
};

/**
 * Stores one call's usage and cost, and adds the cost to the session's total, together; then
 * tells the session's pages. Never throws: the answer has gone to the agent already.
 */
export async function recordModelCall(call: RecordedCall, db: DbClient = getDb()): Promise<void> {
  const stored: Promise<boolean> = storeModelCall(call, db).finally(() => recording.delete(stored));
  recording.add(stored);
  // The session's pages show the new totals as the agent works.
  if (await stored) await publishUsage(call.caller.sessionId, () => sessionUsage(call.caller.sessionId, db));
}

async function storeModelCall(call: RecordedCall, db: DbClient): Promise<boolean> {
  try {
    const cost = costMicros(call.model.price, call.usage);
    await inTransaction(db, async (tx) => {
      await tx.modelCall.create({
        data: {
          sessionId: call.caller.sessionId,
          sandboxId: call.caller.sandboxId,
          messageId: call.caller.messageId,
          userId: call.caller.userId,
          repositoryId: call.caller.repositoryId,
          provider: call.provider,
          model: call.model.name,
          status: call.status,
          ...call.usage,
          costMicros: cost === null ? null : BigInt(cost),
          durationMs: Math.max(0, Math.round(Date.now() - call.startedAt)),
        },
      });
      if (cost)
        await tx.session.update({
          where: { id: call.caller.sessionId },
          data: { totalCostUsd: { increment: new Prisma.Decimal(cost).div(1_000_000) } },
        });
    });
    return true;
  } catch (error) {
    logger.error("model gateway: could not record a call", { sessionId: call.caller.sessionId, error });
    return false;
  }
}
