// Creating, changing, pausing and deleting automations. An automation runs as its owner, so its
// owner must be able to write to every repository it targets; its owner and administrators
// manage it, and nobody else sees it. docs/automations.md#who-may-do-what.
import { type Actor, loadActor } from "../access/actor";
import { authorizeRepository } from "../access/repository-access";
import { type DbClient, getDb, inTransaction } from "../db";
import { type Env, getEnv } from "../env";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { codeHostFor } from "../git/code-host";
import { openValue, sealValue } from "../secrets/secrets";
import { generateToken, hashToken } from "../security/tokens";
import { nextRuns } from "./schedule";
import type { AutomationFields } from "./schemas";

export const WEBHOOK_KEY_PREFIX = "nsa_";
export const NOTIFY_SECRET_PREFIX = "nsn_";

/** Secrets shown once, when they are made: the webhook's key, the notifications' signing secret. */
export type NewSecrets = { webhookKey?: string; notifySecret?: string };

export const automationAccessSelect = { id: true, ownerId: true } as const;

/** The automation, when the actor may manage it: its owner or an administrator. NOT_FOUND otherwise. */
export async function authorizeAutomation(
  automationId: string,
  actor: Actor,
  db: DbClient = getDb(),
): Promise<{ id: string; ownerId: string }> {
  const automation = await db.automation.findUnique({ where: { id: automationId }, select: automationAccessSelect });
  if (!automation || (automation.ownerId !== actor.id && !actor.isAdmin))
    throw new AppError("NOT_FOUND", "That automation does not exist, or is not yours to manage.");
  return automation;
}

export async function createAutomation(
  fields: AutomationFields,
  actor: Actor,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<{ id: string; secrets: NewSecrets }> {
  const ownerId = await ownerFor(fields.ownerId, actor);
  await assertOwnerMayWrite(ownerId, fields.targets, db, env);
  if (fields.trigger.type === "sentry" && !fields.trigger.clientSecret)
    throw AppError.field("trigger.clientSecret", "Paste the Sentry integration's client secret.");
  const secrets: NewSecrets = {};
  const data = triggerData(fields, secrets, env);
  const automation = await db.automation.create({
    data: {
      name: fields.name,
      instructions: fields.instructions,
      model: fields.model ?? null,
      reasoningEffort: fields.reasoningEffort ?? null,
      ownerId,
      enabled: fields.enabled ?? true,
      ...data,
      ...notifyData(fields.notifyUrl, null, secrets, env),
      slackChannel: fields.slackChannel ?? null,
      nextRunAt: (fields.enabled ?? true) ? firstRun(fields) : null,
      targets: { create: fields.targets.map((t, position) => ({ ...t, branch: t.branch ?? null, position })) },
    },
    select: { id: true },
  });
  return { id: automation.id, secrets };
}

/** Changes the fields given; the others stay. A new schedule or time zone moves the next run. */
export async function updateAutomation(
  automationId: string,
  changes: Partial<AutomationFields>,
  actor: Actor,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<{ id: string; secrets: NewSecrets }> {
  await authorizeAutomation(automationId, actor, db);
  const current = await db.automation.findUniqueOrThrow({
    where: { id: automationId },
    include: { targets: { orderBy: { position: "asc" } } },
  });
  const ownerId = changes.ownerId === undefined ? current.ownerId : await ownerFor(changes.ownerId, actor);
  const targets = changes.targets ?? current.targets.map(({ repositoryId, branch }) => ({ repositoryId, branch }));
  if (changes.targets || ownerId !== current.ownerId) await assertOwnerMayWrite(ownerId, targets, db, env);
  const secrets: NewSecrets = {};
  const data: Prisma.AutomationUpdateInput = {
    ...(changes.name !== undefined ? { name: changes.name } : {}),
    ...(changes.instructions !== undefined ? { instructions: changes.instructions } : {}),
    ...(changes.model !== undefined ? { model: changes.model ?? null } : {}),
    ...(changes.reasoningEffort !== undefined ? { reasoningEffort: changes.reasoningEffort ?? null } : {}),
    ...(ownerId !== current.ownerId ? { owner: { connect: { id: ownerId } } } : {}),
  };
  if (changes.trigger) {
    const trigger = changes.trigger;
    if (trigger.type === "sentry" && !trigger.clientSecret && !current.sentrySecretSealed)
      throw AppError.field("trigger.clientSecret", "Paste the Sentry integration's client secret.");
    Object.assign(data, triggerData({ trigger }, secrets, env, current));
  }
  if (changes.notifyUrl !== undefined) Object.assign(data, notifyData(changes.notifyUrl, current, secrets, env));
  if (changes.slackChannel !== undefined) data.slackChannel = changes.slackChannel ?? null;
  const enabled = changes.enabled ?? current.enabled;
  if (changes.enabled !== undefined)
    Object.assign(data, { enabled, pausedReason: enabled ? null : current.pausedReason });
  if (changes.enabled === true && !current.enabled) data.consecutiveFailures = 0;
  const trigger =
    changes.trigger ??
    (current.cron ? { type: "schedule" as const, cron: current.cron, timeZone: current.timeZone } : null);
  // A new schedule, or a resumed one, runs next from now; otherwise its next run stays as planned.
  if (changes.trigger || changes.enabled !== undefined)
    data.nextRunAt = enabled && trigger ? firstRun({ trigger }) : null;
  await inTransaction(db, async (tx) => {
    await tx.automation.update({ where: { id: automationId }, data });
    if (changes.targets) {
      await tx.automationTarget.deleteMany({ where: { automationId } });
      await tx.automationTarget.createMany({
        data: changes.targets.map((t, position) => ({ automationId, ...t, branch: t.branch ?? null, position })),
      });
    }
  });
  return { id: automationId, secrets };
}

/** Pauses or resumes. Resuming forgets earlier failures and plans the next run from now. */
export async function setAutomationEnabled(
  automationId: string,
  enabled: boolean,
  actor: Actor,
  db: DbClient = getDb(),
): Promise<void> {
  await authorizeAutomation(automationId, actor, db);
  const current = await db.automation.findUniqueOrThrow({
    where: { id: automationId },
    select: { trigger: true, cron: true, timeZone: true },
  });
  const next =
    enabled && current.trigger === "schedule" && current.cron
      ? (nextRuns(current.cron, current.timeZone, new Date())[0] ?? null)
      : null;
  await db.automation.update({
    where: { id: automationId },
    data: enabled
      ? { enabled: true, pausedReason: null, consecutiveFailures: 0, nextRunAt: next }
      : { enabled: false, nextRunAt: null },
  });
}

/** A new webhook key or notification secret; the old one stops working at once. */
export async function regenerateAutomationSecret(
  automationId: string,
  which: "webhookKey" | "notifySecret",
  actor: Actor,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<NewSecrets> {
  await authorizeAutomation(automationId, actor, db);
  const current = await db.automation.findUniqueOrThrow({
    where: { id: automationId },
    select: { trigger: true, notifyUrl: true },
  });
  if (which === "webhookKey") {
    if (current.trigger !== "webhook") throw AppError.field("which", "Only a webhook automation has a key.");
    const webhookKey = generateToken(WEBHOOK_KEY_PREFIX);
    await db.automation.update({ where: { id: automationId }, data: { webhookKeyHash: hashToken(webhookKey) } });
    return { webhookKey };
  }
  if (!current.notifyUrl) throw AppError.field("which", "This automation sends no notifications.");
  const notifySecret = generateToken(NOTIFY_SECRET_PREFIX);
  await db.automation.update({
    where: { id: automationId },
    data: { notifySecretSealed: sealValue(notifySecret, env) },
  });
  return { notifySecret };
}

/** Deletes it with its history; the sessions it opened stay. */
export async function deleteAutomation(automationId: string, actor: Actor, db: DbClient = getDb()): Promise<void> {
  await authorizeAutomation(automationId, actor, db);
  await db.automation.delete({ where: { id: automationId } });
}

/** The notifications' signing secret, opened for signing. */
export function openNotifySecret(sealed: string, env: Env = getEnv()): string {
  return openValue(sealed, env);
}

async function ownerFor(ownerId: string | undefined, actor: Actor): Promise<string> {
  if (ownerId === undefined || ownerId === actor.id) return actor.id;
  if (!actor.isAdmin)
    throw AppError.field("ownerId", "Only an administrator can make an automation run as someone else.", "FORBIDDEN");
  return ownerId;
}

/** It runs as its owner: they must be able to write to each repository, and each branch named must exist. */
async function assertOwnerMayWrite(
  ownerId: string,
  targets: ReadonlyArray<{ repositoryId: string; branch?: string | null }>,
  db: DbClient,
  env: Env,
): Promise<void> {
  const owner = await loadActor(ownerId, db, env).catch(() => {
    throw AppError.field("ownerId", "That person does not exist.", "NOT_FOUND");
  });
  for (const target of targets) {
    const repository = await authorizeRepository(
      { repositoryId: target.repositoryId, actor: owner, need: "write", field: "targets" },
      db,
    );
    const missing = target.branch ? await codeHostFor(repository).missingBranch(repository, target.branch) : null;
    if (missing) throw AppError.field("targets", missing);
  }
}

type TriggerColumns = Pick<
  Prisma.AutomationCreateInput,
  "trigger" | "cron" | "timeZone" | "filters" | "webhookKeyHash" | "sentrySecretSealed"
>;

function triggerData(
  fields: Pick<AutomationFields, "trigger">,
  secrets: NewSecrets,
  env: Env,
  current?: { trigger: string; webhookKeyHash: string | null; sentrySecretSealed: string | null },
): TriggerColumns {
  const trigger = fields.trigger;
  const none = { cron: null, timeZone: "UTC", webhookKeyHash: null, sentrySecretSealed: null };
  if (trigger.type === "schedule")
    return { ...none, trigger: "schedule", cron: trigger.cron, timeZone: trigger.timeZone, filters: {} };
  if (trigger.type === "webhook") {
    let webhookKeyHash = current?.trigger === "webhook" ? current.webhookKeyHash : null;
    if (!webhookKeyHash) {
      secrets.webhookKey = generateToken(WEBHOOK_KEY_PREFIX);
      webhookKeyHash = hashToken(secrets.webhookKey);
    }
    return { ...none, trigger: "webhook", webhookKeyHash, filters: { conditions: trigger.conditions } };
  }
  const sentrySecretSealed = trigger.clientSecret
    ? sealValue(trigger.clientSecret, env)
    : (current?.sentrySecretSealed ?? null);
  return {
    ...none,
    trigger: "sentry",
    sentrySecretSealed,
    filters: { projects: trigger.projects, levels: trigger.levels },
  };
}

function notifyData(
  notifyUrl: string | null | undefined,
  current: { notifySecretSealed: string | null } | null,
  secrets: NewSecrets,
  env: Env,
): { notifyUrl: string | null; notifySecretSealed: string | null } {
  if (!notifyUrl) return { notifyUrl: null, notifySecretSealed: null };
  if (current?.notifySecretSealed) return { notifyUrl, notifySecretSealed: current.notifySecretSealed };
  secrets.notifySecret = generateToken(NOTIFY_SECRET_PREFIX);
  return { notifyUrl, notifySecretSealed: sealValue(secrets.notifySecret, env) };
}

function firstRun(fields: Pick<AutomationFields, "trigger">): Date | null {
  if (fields.trigger.type !== "schedule") return null;
  return nextRuns(fields.trigger.cron, fields.trigger.timeZone, new Date())[0] ?? null;
}
