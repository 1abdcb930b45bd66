// Budgets: limits on what model calls may cost, checked by the model gateway before each call.
// Administrators set a limit per session, per person per day and per month (Nightshift's
// settings) and per repository per month (its settings); a session's creator may set a lower
// one on their session. A call starts only while everything it would be charged to is under its
// limits: a call already under way finishes, so a limit can be passed by at most the calls in
// flight when it was reached. Days and months are UTC. docs/security.md#budgets.
import type { DbClient } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { instanceSettings } from "../settings/instance-settings";
import { formatUsd } from "./money";

/** What a call is charged to: its session, the person whose prompt it serves, the repository. */
export type Charged = { sessionId: string; userId: string; repositoryId: string };

/** One limit in force, and the calls it counts. */
export type Limit = { name: string; micros: bigint; calls: Prisma.ModelCallWhereInput };

function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

function startOfUtcMonth(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** The limits a call charged to `charged` must stay under, most particular first. */
export async function limitsFor(charged: Charged, db: DbClient, now = new Date()): Promise<Limit[]> {
  const [settings, session, repository] = await Promise.all([
    instanceSettings(db),
    db.session.findUnique({ where: { id: charged.sessionId }, select: { budgetMicros: true } }),
    db.repositorySettings.findUnique({
      where: { repositoryId: charged.repositoryId },
      select: { monthlyBudgetMicros: true },
    }),
  ]);
  const session_ = { sessionId: charged.sessionId };
  const person = { userId: charged.userId };
  const repository_ = { repositoryId: charged.repositoryId };
  const candidates: Array<[string, bigint | null | undefined, Prisma.ModelCallWhereInput]> = [
    ["this session's own limit", session?.budgetMicros, session_],
    ["session limit", settings.sessionBudgetMicros, session_],
    ["daily limit per person", settings.personDailyBudgetMicros, { ...person, createdAt: { gte: startOfUtcDay(now) } }],
    [
      "monthly limit per person",
      settings.personMonthlyBudgetMicros,
      { ...person, createdAt: { gte: startOfUtcMonth(now) } },
    ],
    [
      "repository's monthly limit",
      repository?.monthlyBudgetMicros,
      { ...repository_, createdAt: { gte: startOfUtcMonth(now) } },
    ],
  ];
  return candidates.flatMap(([name, micros, calls]) =>
    micros === null || micros === undefined ? [] : [{ name, micros, calls }],
  );
}

/** What the calls a limit counts have cost so far, in micros (unpriced calls cost nothing). */
export async function spentUnder(limit: Limit, db: DbClient): Promise<bigint> {
  const { _sum } = await db.modelCall.aggregate({ where: limit.calls, _sum: { costMicros: true } });
  return _sum.costMicros ?? 0n;
}

/** "budget reached: <which limit>, <amount>" for the first limit already reached, else null. */
export async function budgetReached(limits: Limit[], db: DbClient): Promise<string | null> {
  const spent = await Promise.all(limits.map((limit) => spentUnder(limit, db)));
  const reached = limits.find((limit, index) => spent[index]! >= limit.micros);
  return reached ? `budget reached: ${reached.name}, ${formatUsd(reached.micros)}` : null;
}
