// What the Automations page and the API show: each automation with its status (enabled,
// degraded after failures, paused), its trigger in words, its next run and its last ten firings;
// and one automation's firings with their runs and sessions.
import type { Actor } from "../access/actor";
import { type DbClient, getDb } from "../db";
import { type Env, getEnv } from "../env";
import { AppError } from "../errors";
import type { AutomationFiringStatus, AutomationSource, Prisma } from "../generated/prisma/client";
import type { WebhookCondition } from "./conditions";
import { authorizeAutomation } from "./manage-automations";
import { describeSchedule } from "./schedule";

export const RECENT_FIRINGS = 10;

export type AutomationTriggerView =
  | { type: "schedule"; cron: string; timeZone: string }
  | { type: "webhook"; conditions: WebhookCondition[]; url: string }
  | { type: "sentry"; projects: string[]; levels: string[]; url: string };

export type FiringTick = { id: string; status: AutomationFiringStatus; source: AutomationSource; createdAt: Date };

export type AutomationView = {
  id: string;
  name: string;
  instructions: string;
  trigger: AutomationTriggerView;
  /** The trigger in words, e.g. "Weekdays at 09:00 (Europe/Berlin)". */
  triggerText: string;
  status: "enabled" | "degraded" | "paused";
  consecutiveFailures: number;
  pausedReason: string | null;
  nextRunAt: Date | null;
  model: string | null;
  reasoningEffort: string | null;
  notifyUrl: string | null;
  /** The Slack channel (its ID) its results are posted to. */
  slackChannel: string | null;
  owner: { id: string; name: string | null; image: string | null };
  targets: Array<{ repositoryId: string; fullName: string; branch: string | null }>;
  /** The last ten firings, oldest first. */
  recentFirings: FiringTick[];
  createdAt: Date;
  updatedAt: Date;
};

const automationSelect = {
  id: true,
  name: true,
  instructions: true,
  trigger: true,
  cron: true,
  timeZone: true,
  filters: true,
  enabled: true,
  consecutiveFailures: true,
  pausedReason: true,
  nextRunAt: true,
  model: true,
  reasoningEffort: true,
  notifyUrl: true,
  slackChannel: true,
  createdAt: true,
  updatedAt: true,
  owner: { select: { id: true, name: true, image: true } },
  targets: {
    orderBy: { position: "asc" },
    select: { repositoryId: true, branch: true, repository: { select: { owner: true, name: true } } },
  },
} satisfies Prisma.AutomationSelect;
type AutomationRow = Prisma.AutomationGetPayload<{ select: typeof automationSelect }>;

/** The actor's automations, newest first; administrators see everyone's. */
export async function listAutomations(
  actor: Actor,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<AutomationView[]> {
  const rows = await db.automation.findMany({
    where: actor.isAdmin ? {} : { ownerId: actor.id },
    orderBy: { createdAt: "desc" },
    select: automationSelect,
  });
  const ticks = await recentFirings(
    rows.map((row) => row.id),
    db,
  );
  return rows.map((row) => toView(row, ticks.get(row.id) ?? [], env));
}

export async function getAutomation(
  automationId: string,
  actor: Actor,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<AutomationView> {
  await authorizeAutomation(automationId, actor, db);
  const row = await db.automation.findUniqueOrThrow({ where: { id: automationId }, select: automationSelect });
  return toView(row, (await recentFirings([row.id], db)).get(row.id) ?? [], env);
}

export type FiringView = {
  id: string;
  source: AutomationSource;
  status: AutomationFiringStatus;
  skipReason: string | null;
  scheduledFor: Date | null;
  detail: unknown;
  triggeredBy: { id: string; name: string | null } | null;
  createdAt: Date;
  finishedAt: Date | null;
  runs: Array<{
    id: string;
    repository: string;
    status: string;
    attempt: number;
    failureReason: string | null;
    sessionId: string | null;
    startedAt: Date | null;
    finishedAt: Date | null;
  }>;
};

/** One automation's firings, newest first, a page at a time (`cursor`: the last id of the page before). */
export async function listFirings(
  options: { automationId: string; actor: Actor; limit: number; cursor?: string },
  db: DbClient = getDb(),
): Promise<{ firings: FiringView[]; nextCursor: string | null }> {
  await authorizeAutomation(options.automationId, options.actor, db);
  if (options.cursor) {
    const known = await db.automationFiring.count({
      where: { id: options.cursor, automationId: options.automationId },
    });
    if (known === 0) throw AppError.field("cursor", "That cursor is not one of this automation's firings.");
  }
  const rows = await db.automationFiring.findMany({
    where: { automationId: options.automationId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.limit + 1,
    ...(options.cursor ? { cursor: { id: options.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      source: true,
      status: true,
      skipReason: true,
      scheduledFor: true,
      detail: true,
      createdAt: true,
      finishedAt: true,
      triggeredBy: { select: { id: true, name: true } },
      runs: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          status: true,
          attempt: true,
          failureReason: true,
          sessionId: true,
          startedAt: true,
          finishedAt: true,
          repository: { select: { owner: true, name: true } },
        },
      },
    },
  });
  const page = rows.slice(0, options.limit);
  return {
    firings: page.map(({ runs, ...firing }) => ({
      ...firing,
      runs: runs.map(({ repository, ...run }) => ({ ...run, repository: `${repository.owner}/${repository.name}` })),
    })),
    nextCursor: rows.length > options.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** The last firings of each automation, in one query. */
async function recentFirings(automationIds: string[], db: DbClient): Promise<Map<string, FiringTick[]>> {
  const byAutomation = new Map<string, FiringTick[]>();
  if (automationIds.length === 0) return byAutomation;
  const rows = await db.$queryRaw<Array<FiringTick & { automationId: string }>>`
    SELECT id, automation_id AS "automationId", status::text AS status, source::text AS source, created_at AS "createdAt"
    FROM (
      SELECT *, row_number() OVER (PARTITION BY automation_id ORDER BY created_at DESC, id DESC) AS position
      FROM automation_firings WHERE automation_id = ANY(${automationIds}::text[])
    ) recent
    WHERE position <= ${RECENT_FIRINGS}
    ORDER BY created_at ASC, id ASC`;
  for (const { automationId, ...tick } of rows) {
    const list = byAutomation.get(automationId) ?? [];
    list.push(tick);
    byAutomation.set(automationId, list);
  }
  return byAutomation;
}

function toView(row: AutomationRow, recent: FiringTick[], env: Env): AutomationView {
  const { cron, timeZone, filters: _filters, enabled, targets, ...rest } = row;
  const trigger = triggerView(row, env);
  return {
    ...rest,
    trigger,
    triggerText:
      trigger.type === "schedule"
        ? describeSchedule(cron ?? "", timeZone)
        : trigger.type === "webhook"
          ? `Inbound webhook${trigger.conditions.length ? ` when ${trigger.conditions.length} condition${trigger.conditions.length === 1 ? "" : "s"} hold` : ""}`
          : `Sentry alerts${trigger.projects.length ? ` in ${trigger.projects.join(", ")}` : ""}`,
    status: !enabled ? "paused" : row.consecutiveFailures > 0 ? "degraded" : "enabled",
    targets: targets.map((target) => ({
      repositoryId: target.repositoryId,
      fullName: `${target.repository.owner}/${target.repository.name}`,
      branch: target.branch,
    })),
    recentFirings: recent,
  };
}

function triggerView(row: AutomationRow, env: Env): AutomationTriggerView {
  const filters = row.filters as { conditions?: WebhookCondition[]; projects?: string[]; levels?: string[] };
  if (row.trigger === "schedule") return { type: "schedule", cron: row.cron ?? "", timeZone: row.timeZone };
  if (row.trigger === "webhook")
    return {
      type: "webhook",
      conditions: filters.conditions ?? [],
      url: `${env.controlPlaneUrl}/api/webhooks/automations/${row.id}`,
    };
  return {
    type: "sentry",
    projects: filters.projects ?? [],
    levels: filters.levels ?? [],
    url: `${env.controlPlaneUrl}/api/webhooks/sentry/${row.id}`,
  };
}
