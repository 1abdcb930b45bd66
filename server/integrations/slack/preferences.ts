// A person's choices for the sessions they start from Slack, set in the bot's Home tab
// (./home.ts): a model, a reasoning effort and a base branch, for every repository and for one
// (which wins, field by field). A choice that cannot apply when a session starts (a model whose
// provider went away, a branch since deleted) gives way to the repository's own, and the
// "Working on…" message says so. docs/slack.md#app-home.
import type { Actor } from "../../access/actor";
import { type DbClient, getDb, inTransaction } from "../../db";
import { type Env, getEnv } from "../../env";
import { AppError } from "../../errors";
import { Prisma } from "../../generated/prisma/client";
import { branchNameProblem } from "../../git/branch-name";
import { codeHostFor, type HostedRepository } from "../../git/code-host";
import { loadModelProviders } from "../../models/providers";
import { resolveModel } from "../../models/resolve-model";
import { repositorySettings } from "../../repositories/repository-settings";

export type Preferences = { model: string | null; reasoningEffort: string | null; baseBranch: string | null };
export type PreferenceField = keyof Preferences;

export const NO_PREFERENCES: Preferences = { model: null, reasoningEffort: null, baseBranch: null };
const FIELDS: PreferenceField[] = ["model", "reasoningEffort", "baseBranch"];

/** The person's choices for every repository, and those for each repository that has some. */
export async function preferencesOf(
  userId: string,
  db: DbClient = getDb(),
): Promise<{ global: Preferences; byRepository: Map<string, Preferences> }> {
  const rows = await db.slackPreference.findMany({
    where: { userId },
    select: { repositoryId: true, model: true, reasoningEffort: true, baseBranch: true },
  });
  const pick = ({ model, reasoningEffort, baseBranch }: Preferences): Preferences => ({
    model,
    reasoningEffort,
    baseBranch,
  });
  const global = rows.find((row) => row.repositoryId === null);
  return {
    global: global ? pick(global) : NO_PREFERENCES,
    byRepository: new Map(rows.flatMap((row) => (row.repositoryId ? [[row.repositoryId, pick(row)]] : []))),
  };
}

/** Sets (or, with null, forgets) one choice, for every repository (`repositoryId` null) or one. */
export async function setPreference(
  userId: string,
  repositoryId: string | null,
  change: Partial<Preferences>,
  db: DbClient = getDb(),
): Promise<void> {
  const where = { userId, repositoryId };
  const write = () =>
    inTransaction(db, async (tx) => {
      const { count } = await tx.slackPreference.updateMany({ where, data: change });
      if (count === 0 && FIELDS.some((field) => change[field]))
        await tx.slackPreference.create({ data: { ...where, ...change } });
      // A row of no choices is no row.
      await tx.slackPreference.deleteMany({
        where: { ...where, model: null, reasoningEffort: null, baseBranch: null },
      });
    });
  try {
    await write();
  } catch (error) {
    // Two changes at once both found no row: the second writes into the row the first created.
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    await write();
  }
}

/** Forgets every choice for every repository (`repositoryId` null) or for one. */
export async function clearPreferences(userId: string, repositoryId: string | null, db: DbClient = getDb()) {
  await db.slackPreference.deleteMany({ where: { userId, repositoryId } });
}

/** Why a branch cannot be someone's choice for the repository; null when it can. */
export async function branchRefusal(branch: string, repository: HostedRepository | null): Promise<string | null> {
  const problem = branchNameProblem(branch);
  if (problem) return problem;
  return repository ? codeHostFor(repository).missingBranch(repository, branch) : null;
}

export type SessionPreferences = {
  model?: string;
  reasoningEffort?: string;
  baseBranch?: string;
  /** Choices that could not apply, in words. */
  notes: string[];
};

/** What a session this person starts on the repository gets of their choices. */
export async function sessionPreferences(
  actor: Actor,
  repository: HostedRepository,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<SessionPreferences> {
  const { global, byRepository } = await preferencesOf(actor.id, db);
  const own = byRepository.get(repository.id) ?? NO_PREFERENCES;
  const chosen = {
    model: own.model ?? global.model,
    reasoningEffort: own.reasoningEffort ?? global.reasoningEffort,
    baseBranch: own.baseBranch ?? global.baseBranch,
  };
  const result: SessionPreferences = { notes: [] };
  if (!chosen.model && !chosen.reasoningEffort && !chosen.baseBranch) return result;
  const name = `${repository.owner}/${repository.name}`;

  const providers = await loadModelProviders({ repositoryId: repository.id, db, env });
  const settings = await repositorySettings(repository.id, db);
  if (chosen.model) {
    try {
      result.model = resolveModel(providers, env, { model: chosen.model }).id;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      result.notes.push(`your model ${chosen.model} cannot run here (${error.message}), so ${name}'s default does`);
    }
  }
  if (chosen.reasoningEffort) {
    // An effort applies when the model that runs offers it; otherwise that model's own does.
    const running = runningModel(() =>
      resolveModel(providers, env, {
        model: result.model ?? settings.defaultModel,
        inheritedEffort: chosen.reasoningEffort,
      }),
    );
    if (running?.effort === chosen.reasoningEffort) result.reasoningEffort = running.effort;
    else if (running)
      result.notes.push(`${running.id} has no “${chosen.reasoningEffort}” effort, so it runs with its own`);
  }
  if (chosen.baseBranch) {
    const refusal = await branchRefusal(chosen.baseBranch, repository);
    if (refusal === null) result.baseBranch = chosen.baseBranch;
    else result.notes.push(`your branch ${chosen.baseBranch} cannot be used (${refusal}), so ${name}'s base branch is`);
  }
  return result;
}

/** The model that would run; null when none can (the session's start says why). */
function runningModel(resolve: () => ReturnType<typeof resolveModel>): ReturnType<typeof resolveModel> | null {
  try {
    return resolve();
  } catch (error) {
    if (error instanceof AppError) return null;
    throw error;
  }
}
