// Budgets: limits on what model calls may cost, checked by the model gateway before each call.
// Administrators set a limit per session, per person per day and per month (Nightshift's
// settings) and per repository per month (its settings); a session's creator may set a lower
// one on their session. A call starts only while everything it would be charged to is under its
// limits: a call already under way finishes, so a limit can be passed by at most the calls in
// flight when it was reached. Days and months are UTC. docs/security.md#budgets.
//
// Each check is on the path of every model call, so the limits come with the gateway's own query
// of the caller (`LIMIT_COLUMNS`, `LIMIT_JOINS`) and what they count in one more, only when there
// are any — not a query per limit.
import type { DbClient } from "../db";
import { Prisma } from "../generated/prisma/client";
import { formatUsd } from "./money";

/** What a call is charged to: its session, the person whose prompt it serves, the repository. */
export type Charged = { sessionId: string; userId: string; repositoryId: string };

/** What a limit counts: the session's calls, the person's since a day's or month's start, the repository's. */
type Scope = "session" | "personDay" | "personMonth" | "repositoryMonth";

/** One limit in force. */
export type Limit = { name: string; micros: bigint; scope: Scope };

/** The limits' columns, for a query of a session `s` that adds `LIMIT_JOINS`. */
export const LIMIT_COLUMNS = Prisma.sql`s.budget_micros AS own_limit,
  i.session_budget_micros AS session_limit,
  i.person_daily_budget_micros AS person_day_limit,
  i.person_monthly_budget_micros AS person_month_limit,
  r.monthly_budget_micros AS repository_month_limit`;
export const LIMIT_JOINS = Prisma.sql`LEFT JOIN instance_settings i ON i.id = 'instance'
  LEFT JOIN repository_settings r ON r.repository_id = s.repository_id`;

export type LimitRow = {
  own_limit: bigint | null;
  session_limit: bigint | null;
  person_day_limit: bigint | null;
  person_month_limit: bigint | null;
  repository_month_limit: bigint | null;
};

/** The limits a call charged to `charged` must stay under, most particular first. */
export async function limitsFor(charged: Charged, db: DbClient): Promise<Limit[]> {
  const [row] = await db.$queryRaw<LimitRow[]>`
    SELECT ${LIMIT_COLUMNS} FROM sessions s ${LIMIT_JOINS} WHERE s.id = ${charged.sessionId}`;
  return row ? limitsOf(row) : [];
}

/** The limits in force, from a row with `LIMIT_COLUMNS`. */
export function limitsOf(row: LimitRow): Limit[] {
  const candidates: Array<[string, bigint | null, Scope]> = [
    ["this session's own limit", row.own_limit, "session"],
    ["session limit", row.session_limit, "session"],
    ["daily limit per person", row.person_day_limit, "personDay"],
    ["monthly limit per person", row.person_month_limit, "personMonth"],
    ["repository's monthly limit", row.repository_month_limit, "repositoryMonth"],
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
