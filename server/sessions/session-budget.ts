// A session's budget as its page shows it, and the lower limit its creator may set on it: the
// administrators' session limit still applies, so a session's own limit can only be lower.
// docs/security.md#budgets.
import { z } from "zod";
import type { Actor } from "../access/actor";
import { authorizeSession } from "../access/authorize-session";
import { budgetUsd, formatUsd, microsToUsd, usdToMicros } from "../budgets/money";
import { type DbClient, getDb } from "../db";
import { AppError } from "../errors";
import { instanceSettings } from "../settings/instance-settings";
import { sessionIdInput } from "./schemas";

export const setSessionBudgetInput = sessionIdInput.extend({
  budgetUsd: budgetUsd("This session's limit").describe(
    "US dollars this session's model calls may cost in all, below the administrators' session limit; null clears it.",
  ),
});

export type SessionBudget = {
  /** The limit in force on the session's own spending: the lower of the two below; null: none. */
  limitUsd: number | null;
  /** The limit its creator set on it. */
  ownLimitUsd: number | null;
  /** The administrators' limit on every session. */
  sessionLimitUsd: number | null;
  /** Whether the person asking may set the session's own limit: its creator, or an administrator. */
  canChange: boolean;
};

export function toSessionBudget(own: bigint | null, administrators: bigint | null, canChange: boolean): SessionBudget {
  const limits = [own, administrators].filter((limit) => limit !== null);
  const lowest = limits.length === 0 ? null : limits.reduce((a, b) => (a < b ? a : b));
  const usd = (micros: bigint | null) => (micros === null ? null : microsToUsd(micros));
  return { limitUsd: usd(lowest), ownLimitUsd: usd(own), sessionLimitUsd: usd(administrators), canChange };
}

export function maySetBudget(actor: Actor, session: { createdById: string }): boolean {
  return actor.isAdmin || actor.id === session.createdById;
}

export async function setSessionBudget(
  options: { sessionId: string; actor: Actor } & Pick<z.infer<typeof setSessionBudgetInput>, "budgetUsd">,
  db: DbClient = getDb(),
): Promise<SessionBudget> {
  const session = await authorizeSession({ sessionId: options.sessionId, actor: options.actor, need: "read" }, db);
  if (!maySetBudget(options.actor, session))
    throw new AppError(
      "FORBIDDEN",
      "Only the person who started this session, or an administrator, can set its limit.",
    );
  const { sessionBudgetMicros } = await instanceSettings(db);
  const micros = options.budgetUsd === null ? null : usdToMicros(options.budgetUsd);
  if (micros !== null && sessionBudgetMicros !== null && micros > sessionBudgetMicros)
    throw AppError.field(
      "budgetUsd",
      `A session's own limit can only be lower than the ${formatUsd(sessionBudgetMicros)} every session has.`,
    );
  await db.session.update({ where: { id: options.sessionId }, data: { budgetMicros: micros } });
  return toSessionBudget(micros, sessionBudgetMicros, true);
}
