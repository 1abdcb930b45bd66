// Nightshift's own settings, which administrators change and everyone may read: whether local
// repositories may be added while a GitHub App is configured (off by default: with the App,
// repositories come from its installations, and a path on the server's disk is not something
// every signed-in person should be able to hand an agent), and the budgets for model calls
// (docs/security.md#budgets). docs/access.md.
import type { Actor } from "../access/actor";
import { type AdministratorList, assertAdministrator, listAdministrators } from "../access/administrators";
import { microsToUsd, usdToMicros } from "../budgets/money";
import { type DbClient, getDb } from "../db";
import { type Env, getEnv } from "../env";
import type { InstanceSettingsPatch } from "./schemas";

const ROW_ID = "instance";

export type InstanceSettings = {
  localRepositoriesWithGithub: boolean;
  /** Budgets in millionths of a US dollar; null: no limit. */
  sessionBudgetMicros: bigint | null;
  personDailyBudgetMicros: bigint | null;
  personMonthlyBudgetMicros: bigint | null;
  updatedAt: Date | null;
  updatedBy: { id: string; name: string | null } | null;
};

/** The settings as people read and change them: budgets in US dollars. */
export type InstanceSettingsFields = {
  localRepositoriesWithGithub: boolean;
  sessionBudgetUsd: number | null;
  personDailyBudgetUsd: number | null;
  personMonthlyBudgetUsd: number | null;
  updatedAt: Date | null;
  updatedBy: { id: string; name: string | null } | null;
};

export type InstanceSettingsView = {
  settings: InstanceSettingsFields;
  /** Whether local repositories can be added now, and why not when they cannot. */
  localRepositories: { isAllowed: boolean; reason: string | null };
  codeHost: "github" | "local";
  administrators: AdministratorList;
  /** Whether the person asking may change the settings. */
  canChange: boolean;
};

const DEFAULTS: InstanceSettings = {
  localRepositoriesWithGithub: false,
  sessionBudgetMicros: null,
  personDailyBudgetMicros: null,
  personMonthlyBudgetMicros: null,
  updatedAt: null,
  updatedBy: null,
};
const select = {
  localRepositoriesWithGithub: true,
  sessionBudgetMicros: true,
  personDailyBudgetMicros: true,
  personMonthlyBudgetMicros: true,
  updatedAt: true,
  updatedBy: { select: { id: true, name: true } },
} as const;

/** The settings as they apply (the defaults until an administrator saves them). */
export async function instanceSettings(db: DbClient = getDb()): Promise<InstanceSettings> {
  return (await db.instanceSettings.findUnique({ where: { id: ROW_ID }, select })) ?? DEFAULTS;
}

/** Why local repositories cannot be added now, or null when they can. */
export async function localRepositoriesRefusal(db: DbClient = getDb(), env: Env = getEnv()): Promise<string | null> {
  if (env.codeHost.kind !== "github") return null;
  if ((await instanceSettings(db)).localRepositoriesWithGithub) return null;
  return "Local repositories are turned off because a GitHub App is configured: repositories come from its installations. An administrator can allow local repositories beside GitHub in Settings.";
}

export async function getInstanceSettings(
  options: { actor: Actor },
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<InstanceSettingsView> {
  const [settings, administrators, refusal] = await Promise.all([
    instanceSettings(db),
    listAdministrators(db, env),
    localRepositoriesRefusal(db, env),
  ]);
  const usd = (micros: bigint | null) => (micros === null ? null : microsToUsd(micros));
  return {
    settings: {
      localRepositoriesWithGithub: settings.localRepositoriesWithGithub,
      sessionBudgetUsd: usd(settings.sessionBudgetMicros),
      personDailyBudgetUsd: usd(settings.personDailyBudgetMicros),
      personMonthlyBudgetUsd: usd(settings.personMonthlyBudgetMicros),
      updatedAt: settings.updatedAt,
      updatedBy: settings.updatedBy,
    },
    localRepositories: { isAllowed: refusal === null, reason: refusal },
    codeHost: env.codeHost.kind,
    administrators,
    canChange: options.actor.isAdmin,
  };
}

export async function updateInstanceSettings(
  options: { actor: Actor; settings: InstanceSettingsPatch },
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<InstanceSettingsView> {
  assertAdministrator(options.actor, "change Nightshift's settings", env);
  const { sessionBudgetUsd, personDailyBudgetUsd, personMonthlyBudgetUsd, ...rest } = options.settings;
  const micros = (usd: number | null | undefined) =>
    usd === undefined ? undefined : usd === null ? null : usdToMicros(usd);
  const data = {
    ...rest,
    sessionBudgetMicros: micros(sessionBudgetUsd),
    personDailyBudgetMicros: micros(personDailyBudgetUsd),
    personMonthlyBudgetMicros: micros(personMonthlyBudgetUsd),
    updatedById: options.actor.id,
  };
  await db.instanceSettings.upsert({ where: { id: ROW_ID }, create: { id: ROW_ID, ...data }, update: data });
  return getInstanceSettings({ actor: options.actor }, db, env);
}
