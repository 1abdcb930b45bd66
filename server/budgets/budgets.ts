// Budgets: limits on what model calls may cost, checked by the model gateway before each call.
// Administrators set a limit per session, per person per day and per month (Nightshift's
// settings) and per repository per month (its settings); a session's creator may set a lower
// one on their session. A call starts only while everything it would be charged to is under its
// limits: a call already under way finishes, so a limit can be passed by at most the calls in
// flight when it was reached. Days and months are UTC. docs/security.md#budgets.
//
// Each check is on the path of every model call, so it is two queries written out (the limits,
// then — only when there are any — what their calls have cost), not one per limit.
import type { DbClient } from "../db";
import { formatUsd } from "./money";

/** What a call is charged to: its session, the person whose prompt it serves, the repository. */
export type Charged = { sessionId: string; userId: string; repositoryId: string };

/** What a limit counts: the session's calls, the person's since a day's or month's start, the repository's. */
type Scope = "session" | "personDay" | "personMonth" | "repositoryMonth";

/** One limit in force. */
export type Limit = { name: string; micros: bigint; scope: Scope };

type LimitRow = {
  own: bigint | null;
  session: bigint | null;
  person_day: bigint | null;
  person_month: bigint | null;
  repository_month: bigint | null;
};

/** The limits a call charged to `charged` must stay under, most particular first. */
export async function limitsFor(charged: Charged, db: DbClient): Promise<Limit[]> {
  const [row] = await db.$queryRaw<LimitRow[]>`
    SELECT s.budget_micros AS own,
           i.session_budget_micros AS session,
           i.person_daily_budget_micros AS person_day,
           i.person_monthly_budget_micros AS person_month,
           r.monthly_budget_micros AS repository_month
      FROM sessions s
      LEFT JOIN instance_settings i ON i.id = 'instance'
      LEFT JOIN repository_settings r ON r.repository_id = ${charged.repositoryId}
     WHERE s.id = ${charged.sessionId}`;
  if (!row) return [];
  const candidates: Array<[string, bigint | null, Scope]> = [
    ["this session's own limit", row.own, "session"],
    ["session limit", row.session, "session"],
    ["daily limit per person", row.person_day, "personDay"],
    ["monthly limit per person", row.person_month, "personMonth"],
    ["repository's monthly limit", row.repository_month, "repositoryMonth"],
  ];
  return candidates.flatMap(([name, micros, scope]) => (micros === null ? [] : [{ name, micros, scope }]));
}

type SpentRow = { session: bigint; person_day: bigint; person_month: bigint; repository_month: bigint };

/** What the calls each scope counts have cost so far, in micros (unpriced calls cost nothing). */
export async function spent(charged: Charged, db: DbClient, now = new Date()): Promise<Record<Scope, bigint>> {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const { sessionId, userId, repositoryId } = charged;
  const [row] = await db.$queryRaw<SpentRow[]>`
    SELECT COALESCE(SUM(cost_micros) FILTER (WHERE session_id = ${sessionId}), 0)::bigint AS session,
           COALESCE(SUM(cost_micros) FILTER (WHERE user_id = ${userId} AND created_at >= ${day}), 0)::bigint AS person_day,
           COALESCE(SUM(cost_micros) FILTER (WHERE user_id = ${userId} AND created_at >= ${month}), 0)::bigint AS person_month,
           COALESCE(SUM(cost_micros) FILTER (WHERE repository_id = ${repositoryId} AND created_at >= ${month}), 0)::bigint AS repository_month
      FROM model_calls
     WHERE session_id = ${sessionId}
        OR (user_id = ${userId} AND created_at >= ${month})
        OR (repository_id = ${repositoryId} AND created_at >= ${month})`;
  return {
    session: row?.session ?? 0n,
    personDay: row?.person_day ?? 0n,
    personMonth: row?.person_month ?? 0n,
    repositoryMonth: row?.repository_month ?? 0n,
  };
}

/** "budget reached: <which limit>, <amount>" for the first limit already reached, else null. */
export async function budgetReached(
  charged: Charged,
  limits: Limit[],
  db: DbClient,
  now = new Date(),
): Promise<string | null> {
  if (limits.length === 0) return null;
  const sums = await spent(charged, db, now);
  const reached = limits.find((limit) => sums[limit.scope] >= limit.micros);
  return reached ? `budget reached: ${reached.name}, ${formatUsd(reached.micros)}` : null;
}
