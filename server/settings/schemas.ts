import { z } from "zod";
import { budgetUsd } from "../budgets/money";

/** Changes to Nightshift's own settings: every field optional. */
export const instanceSettingsPatch = z
  .object({
    localRepositoriesWithGithub: z
      .boolean()
      .describe("Allow adding local repositories (paths on the server) although a GitHub App is configured."),
    sessionBudgetUsd: budgetUsd("The session limit").describe(
      "US dollars a session's model calls may cost in all; null: no limit.",
    ),
    personDailyBudgetUsd: budgetUsd("The daily limit per person").describe(
      "US dollars the model calls serving one person's prompts may cost in a UTC day; null: no limit.",
    ),
    personMonthlyBudgetUsd: budgetUsd("The monthly limit per person").describe(
      "US dollars the model calls serving one person's prompts may cost in a UTC calendar month; null: no limit.",
    ),
  })
  .partial();
export type InstanceSettingsPatch = z.infer<typeof instanceSettingsPatch>;
