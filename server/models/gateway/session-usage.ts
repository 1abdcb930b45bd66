// What a session's model calls have used and cost so far: shown live on its page (the gateway
// publishes the new totals after each call) and returned with the session, in all and per prompt.
import { z } from "zod";
import type { DbClient } from "../../db";

export const sessionUsageSchema = z.object({
  calls: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  reasoningTokens: z.number().int(),
  cacheReadTokens: z.number().int(),
  cacheWriteTokens: z.number().int(),
  /** US dollars at list prices; calls to models without a price add tokens and no cost. */
  costUsd: z.number(),
  /** Calls whose model has no known price (a custom endpoint's): their cost is not in costUsd. */
  unpricedCalls: z.number().int(),
});
export type SessionUsage = z.infer<typeof sessionUsageSchema>;

/** The `usage` message on a session's channel: the session's new totals. */
export const usageMessageSchema = z.object({ sessionId: z.string(), usage: sessionUsageSchema });
export type UsageMessage = z.infer<typeof usageMessageSchema>;

export async function sessionUsage(sessionId: string, db: DbClient): Promise<SessionUsage> {
  const [all, unpriced] = await Promise.all([
    db.modelCall.aggregate({
      where: { sessionId },
      _count: { _all: true },
      _sum: {
        inputTokens: true,
        outputTokens: true,
        reasoningTokens: true,
        cacheReadTokens: true,
        cacheWriteTokens: true,
        costMicros: true,
      },
    }),
    db.modelCall.count({ where: { sessionId, costMicros: null } }),
  ]);
  return {
    calls: all._count._all,
    inputTokens: all._sum.inputTokens ?? 0,
    outputTokens: all._sum.outputTokens ?? 0,
    reasoningTokens: all._sum.reasoningTokens ?? 0,
    cacheReadTokens: all._sum.cacheReadTokens ?? 0,
    cacheWriteTokens: all._sum.cacheWriteTokens ?? 0,
    costUsd: Number(all._sum.costMicros ?? 0n) / 1_000_000,
    unpricedCalls: unpriced,
  };
}

/** What the calls that served one prompt used and cost. */
export type PromptUsage = { calls: number; tokens: number; costUsd: number; unpricedCalls: number };

/** Each prompt's usage, by its message id (prompts without calls are absent). */
export async function promptUsage(sessionId: string, db: DbClient): Promise<Record<string, PromptUsage>> {
  const [all, unpriced] = await Promise.all([
    db.modelCall.groupBy({
      by: ["messageId"],
      where: { sessionId, messageId: { not: null } },
      _count: { _all: true },
      _sum: { inputTokens: true, outputTokens: true, cacheReadTokens: true, cacheWriteTokens: true, costMicros: true },
    }),
    db.modelCall.groupBy({
      by: ["messageId"],
      where: { sessionId, messageId: { not: null }, costMicros: null },
      _count: { _all: true },
    }),
  ]);
  const unpricedOf = new Map(unpriced.map((group) => [group.messageId, group._count._all]));
  return Object.fromEntries(
    all.map((group) => [
      group.messageId!,
      {
        calls: group._count._all,
        tokens:
          (group._sum.inputTokens ?? 0) +
          (group._sum.outputTokens ?? 0) +
          (group._sum.cacheReadTokens ?? 0) +
          (group._sum.cacheWriteTokens ?? 0),
        costUsd: Number(group._sum.costMicros ?? 0n) / 1_000_000,
        unpricedCalls: unpricedOf.get(group.messageId) ?? 0,
      },
    ]),
  );
}
