// A repository's settings: the GitHub bot's options, the defaults sessions start with, and how
// pull requests are opened. A repository without a row has the defaults. Anyone who may read the
// repository may see them; changing them needs write access. docs/github.md#repository-settings.
import { type DbClient, getDb } from "../db";
import { type Env, getEnv } from "../env";
import { AppError } from "../errors";
import { assertRepositoryAccess } from "../git/repository-access";
import { resolveModel } from "../models/resolve-model";
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
  updatedAt: true,
  updatedBy: { select: { id: true, name: true } },
} as const;

/** The settings as they apply (defaults where nothing is set). */
export async function repositorySettings(repositoryId: string, db: DbClient = getDb()): Promise<RepositorySettings> {
  const row = await db.repositorySettings.findUnique({ where: { repositoryId }, select: settingsSelect });
  return row ?? DEFAULT_REPOSITORY_SETTINGS;
}

export async function getRepositorySettings(options: { repositoryId: string; viewerId: string }, db: DbClient = getDb()): Promise<RepositorySettings> {
  await assertAccess(options.repositoryId, options.viewerId, "read", db);
  return repositorySettings(options.repositoryId, db);
}

export async function updateRepositorySettings(
  options: { repositoryId: string; actorId: string; settings: RepositorySettingsPatch },
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<RepositorySettings> {
  await assertAccess(options.repositoryId, options.actorId, "write", db);
  const patch = { ...options.settings };
  if (patch.defaultModel) {
    // Only a model this Nightshift can run: resolveModel says why another cannot.
    const model = resolveModel(env, patch.defaultModel);
    patch.defaultModel = model.id;
  }
  if (patch.allowedUsers) patch.allowedUsers = [...new Set(patch.allowedUsers)];
  await db.repositorySettings.upsert({
    where: { repositoryId: options.repositoryId },
    create: { repositoryId: options.repositoryId, ...patch, updatedById: options.actorId },
    update: { ...patch, updatedById: options.actorId },
  });
  return repositorySettings(options.repositoryId, db);
}

async function assertAccess(repositoryId: string, userId: string, need: "read" | "write", db: DbClient): Promise<void> {
  const repository = await db.repository.findUnique({ where: { id: repositoryId }, select: { id: true, provider: true, owner: true, name: true } });
  if (!repository) throw new AppError("NOT_FOUND", "That repository does not exist; it may have been removed.");
  await assertRepositoryAccess(userId, repository, need, db);
}
