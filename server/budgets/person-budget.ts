// A person's own budgets (per UTC day and month, set by administrators), for model calls the
// control plane makes for them outside any session — the bots' repository classifier. Such a call
// belongs to no session or repository, so only the person's limits apply. docs/security.md#budgets.
import type { DbClient } from "../db";
import { budgetReached, limitsOf } from "./budgets";

/** "budget reached: <which limit>, <amount>" when one of the person's limits is reached, else null. */
export async function personBudgetReached(userId: string, db: DbClient, now = new Date()): Promise<string | null> {
  const settings = await db.instanceSettings.findUnique({
    where: { id: "instance" },
    select: { personDailyBudgetMicros: true, personMonthlyBudgetMicros: true },
  });
  const limits = limitsOf({
    own_limit: null,
    session_limit: null,
    person_day_limit: settings?.personDailyBudgetMicros ?? null,
    person_month_limit: settings?.personMonthlyBudgetMicros ?? null,
    repository_month_limit: null,
  });
  // No session or repository is charged: ids no row has leave those sums at zero, and no limit reads them.
  return budgetReached({ sessionId: "", userId, repositoryId: "" }, limits, db, now);
}
