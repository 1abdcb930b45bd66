// Nightshift's own settings, which administrators change and everyone may read: for now, whether
// local repositories may be added while a GitHub App is configured (off by default: with the App,
// repositories come from its installations, and a path on the server's disk is not something
// every signed-in person should be able to hand an agent). docs/access.md.
import type { Actor } from "../access/actor";
import { type AdministratorList, assertAdministrator, listAdministrators } from "../access/administrators";
import { type DbClient, getDb } from "../db";
import { type Env, getEnv } from "../env";
import type { InstanceSettingsPatch } from "./schemas";

const ROW_ID = "instance";

export type InstanceSettings = {
  localRepositoriesWithGithub: boolean;
  updatedAt: Date | null;
  updatedBy: { id: string; name: string | null } | null;
};

export type InstanceSettingsView = {
  settings: InstanceSettings;
  /** Whether local repositories can be added now, and why not when they cannot. */
  localRepositories: { isAllowed: boolean; reason: string | null };
  codeHost: "github" | "local";
  administrators: AdministratorList;
  /** Whether the person asking may change the settings. */
  canChange: boolean;
};

const DEFAULTS: InstanceSettings = { localRepositoriesWithGithub: false, updatedAt: null, updatedBy: null };
const select = {
  localRepositoriesWithGithub: true,
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
  return {
    settings,
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
  await db.instanceSettings.upsert({
    where: { id: ROW_ID },
    create: { id: ROW_ID, ...options.settings, updatedById: options.actor.id },
    update: { ...options.settings, updatedById: options.actor.id },
  });
  return getInstanceSettings({ actor: options.actor }, db, env);
}
