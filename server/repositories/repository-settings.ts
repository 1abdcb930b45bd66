// A repository's settings: the GitHub bot's options, the defaults sessions start with, their
// sandboxes' boot time limits and network access, and how pull requests are opened. A repository
// without a row has the defaults. Anyone who may read the repository may see them; changing them
// needs write access, and the network access and the monthly budget an administrator.
// docs/github.md#repository-settings.
import type { Actor } from "../access/actor";
import { assertAdministrator } from "../access/administrators";
import { microsToUsd, usdToMicros } from "../budgets/money";
import { authorizeRepository } from "../access/repository-access";
import { type DbClient, getDb } from "../db";
import { type Env, getEnv } from "../env";
import type { EgressMode } from "../generated/prisma/client";
import type { EgressPolicy } from "../sandboxes/egress-policy";
import { AppError } from "../errors";
import { logger } from "../logger";
import { loadModelProviders } from "../models/providers";
import { resolveModel } from "../models/resolve-model";
import { listBranches } from "./list-branches";
import type { RepositorySettingsPatch } from "./schemas";

export type RepositorySettings = {
  botEnabled: boolean;
  autoReview: boolean;
  allowedUsers: string[];
  reviewInstructions: string | null;
  defaultModel: string | null;
  defaultReasoningEffort: string | null;
  draftPullRequests: boolean;
  pullRequestLabel: string | null;
  /** The branch sessions start from when they name none; null: the repository's default branch. */
  defaultBaseBranch: string | null;
  /** Seconds the boot scripts may run; null: DEFAULT_SETUP_TIMEOUT_SECONDS, DEFAULT_START_TIMEOUT_SECONDS (server/sandboxes/time-limits.ts). */
  setupTimeoutSeconds: number | null;
  startTimeoutSeconds: number | null;
  /** Prebuilt images of the default branch are built and new sessions start from them (docs/sessions.md#images). */
  imageBuildsEnabled: boolean;
  /** Where sandboxes may connect beyond Nightshift (server/sandboxes/egress-policy.ts); administrators change it. */
  egressMode: EgressMode;
  egressHosts: string[];
  /** What its model calls may cost in a UTC calendar month, in US dollars; null: no limit. Administrators change it. */
  monthlyBudgetUsd: number | null;
  updatedAt: Date | null;
  updatedBy: { id: string; name: string | null } | null;
};

export const DEFAULT_REPOSITORY_SETTINGS: RepositorySettings = {
  botEnabled: true,
  autoReview: false,
  allowedUsers: [],
  reviewInstructions: null,
  defaultModel: null,
  defaultReasoningEffort: null,
  draftPullRequests: false,
  pullRequestLabel: null,
  defaultBaseBranch: null,
  setupTimeoutSeconds: null,
  startTimeoutSeconds: null,
  imageBuildsEnabled: true,
  egressMode: "public",
  egressHosts: [],
  monthlyBudgetUsd: null,
  updatedAt: null,
  updatedBy: null,
};

const settingsSelect = {
  botEnabled: true,
  autoReview: true,
  allowedUsers: true,
  reviewInstructions: true,
  defaultModel: true,
  defaultReasoningEffort: true,
  draftPullRequests: true,
  pullRequestLabel: true,
  defaultBaseBranch: true,
  setupTimeoutSeconds: true,
  startTimeoutSeconds: true,
  imageBuildsEnabled: true,
  egressMode: true,
  egressHosts: true,
  monthlyBudgetMicros: true,
  updatedAt: true,
  updatedBy: { select: { id: true, name: true } },
} as const;

/** The egress policy a repository's sandboxes start with. */
export function egressPolicyOf(settings: Pick<RepositorySettings, "egressMode" | "egressHosts">): EgressPolicy {
  return settings.egressMode === "allowlist"
    ? { mode: "allowlist", hosts: settings.egressHosts }
    : { mode: settings.egressMode };
}

/** The settings as they apply (defaults where nothing is set). */
export async function repositorySettings(repositoryId: string, db: DbClient = getDb()): Promise<RepositorySettings> {
  const row = await db.repositorySettings.findUnique({ where: { repositoryId }, select: settingsSelect });
  if (!row) return DEFAULT_REPOSITORY_SETTINGS;
  const { monthlyBudgetMicros, ...settings } = row;
  return { ...settings, monthlyBudgetUsd: monthlyBudgetMicros === null ? null : microsToUsd(monthlyBudgetMicros) };
}

export async function getRepositorySettings(
  options: { repositoryId: string; actor: Actor },
  db: DbClient = getDb(),
): Promise<RepositorySettings> {
  await authorizeRepository({ repositoryId: options.repositoryId, actor: options.actor, need: "read" }, db);
  return repositorySettings(options.repositoryId, db);
}

export async function updateRepositorySettings(
  options: { repositoryId: string; actor: Actor; settings: RepositorySettingsPatch },
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<RepositorySettings> {
  const repository = await authorizeRepository(
    { repositoryId: options.repositoryId, actor: options.actor, need: "write" },
    db,
  );
  const { monthlyBudgetUsd, ...patch } = options.settings;
  if (patch.defaultModel !== undefined || patch.defaultReasoningEffort !== undefined) {
    // Only a model this Nightshift can run, and an effort that model offers: resolveModel says why
    // not. Checked only when they change, so other settings can be saved after a key is removed.
    const current = await repositorySettings(options.repositoryId, db);
    const model = patch.defaultModel === undefined ? current.defaultModel : patch.defaultModel;
    const effort =
      patch.defaultReasoningEffort === undefined ? current.defaultReasoningEffort : patch.defaultReasoningEffort;
    const changed = model !== current.defaultModel || effort !== current.defaultReasoningEffort;
    if (changed && (model || effort)) {
      const resolved = resolveModel(await loadModelProviders({ repositoryId: options.repositoryId, db, env }), env, {
        model,
        effort,
      });
      if (model) patch.defaultModel = resolved.id;
      if (effort) patch.defaultReasoningEffort = resolved.effort;
    }
  }
  if (patch.allowedUsers) patch.allowedUsers = [...new Set(patch.allowedUsers)];
  if (patch.egressHosts) patch.egressHosts = [...new Set(patch.egressHosts)];
  if (patch.egressMode !== undefined || patch.egressHosts !== undefined) {
    // What every sandbox of the repository may reach: an administrator's decision. The settings
    // page sends every field, so an unchanged value is not a change.
    const current = await repositorySettings(options.repositoryId, db);
    const mode = patch.egressMode ?? current.egressMode;
    const hosts = patch.egressHosts ?? current.egressHosts;
    const sameHosts =
      hosts.length === current.egressHosts.length && hosts.every((host) => current.egressHosts.includes(host));
    if (mode !== current.egressMode || !sameHosts)
      assertAdministrator(options.actor, "change where a repository's sandboxes may connect", env);
    if (mode === "allowlist" && hosts.length === 0)
      throw AppError.field("egressHosts", "List at least one host, or choose no network at all.");
  }
  if (monthlyBudgetUsd !== undefined) {
    // The page sends every field: an unchanged budget is not a change.
    const current = await repositorySettings(options.repositoryId, db);
    if (monthlyBudgetUsd !== current.monthlyBudgetUsd)
      assertAdministrator(options.actor, "change a repository's monthly budget", env);
  }
  const data = {
    ...patch,
    ...(monthlyBudgetUsd === undefined
      ? {}
      : { monthlyBudgetMicros: monthlyBudgetUsd === null ? null : usdToMicros(monthlyBudgetUsd) }),
    updatedById: options.actor.id,
  };
  if (patch.defaultBaseBranch)
    await assertBaseBranchExists({ repository, actor: options.actor, branch: patch.defaultBaseBranch }, db);
  await db.repositorySettings.upsert({
    where: { repositoryId: options.repositoryId },
    create: { repositoryId: options.repositoryId, ...data },
    update: data,
  });
  return repositorySettings(options.repositoryId, db);
}

/**
 * A new default base branch must be one of the repository's branches. When they cannot be read
 * (GitHub unreachable, the App removed, the repository gone from disk), the name is kept: it is
 * a valid branch name, and a session started from a branch that is missing says so. A name
 * already saved is not checked again, so other settings can still be saved after its branch goes.
 */
async function assertBaseBranchExists(
  options: { repository: { id: string; name: string }; actor: Actor; branch: string },
  db: DbClient,
): Promise<void> {
  const { repository, branch } = options;
  if ((await repositorySettings(repository.id, db)).defaultBaseBranch === branch) return;
  const listed = await listBranches({ repositoryId: repository.id, actor: options.actor }, db).catch(
    (error: unknown) => {
      if (!(error instanceof AppError) || (error.code !== "UNAVAILABLE" && error.code !== "PRECONDITION_FAILED"))
        throw error;
      logger.warn("saved a default base branch without checking that it exists", {
        repositoryId: repository.id,
        branch,
        reason: error.message,
      });
      return undefined;
    },
  );
  if (listed && !listed.branches.includes(branch))
    throw AppError.field("defaultBaseBranch", `${repository.name} has no branch ${branch}.`);
}
