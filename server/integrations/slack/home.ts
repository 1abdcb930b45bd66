// The bot's Home tab: published when someone opens it, and again after each change they make
// there (the slack-home job runs these, one at a time per person, so changes apply in order). A
// change is checked as a form would check it — a model that can run, an effort that model offers,
// a branch the repository has — and a refused one is said on the tab. docs/slack.md#app-home.
import { type Actor, loadActor } from "../../access/actor";
import { writableRepositories } from "../../access/writable-repositories";
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import type { HostedRepository } from "../../git/code-host";
import { listModels, type ModelList } from "../../models/list-models";
import { repositorySettings } from "../../repositories/repository-settings";
import { slackClient, slackConfig } from "./client";
import { DEFAULT_VALUE, type HomeData, homeView, strangerHomeView } from "./home-view";
import { createLinkUrl, LINK_LIFETIME_MS } from "../account-links";
import { slackPerson } from "./people";
import {
  branchRefusal,
  clearPreferences,
  NO_PREFERENCES,
  type Preferences,
  preferencesOf,
  setPreference,
} from "./preferences";
import type { SlackHome } from "./schema";

/** Applies the change asked for, if any, and publishes the person's Home tab. */
export async function showHome(request: SlackHome, db: DbClient = getDb(), env: Env = getEnv()): Promise<void> {
  const client = slackClient(slackConfig(env));
  const member = { slackUserId: request.user, teamId: request.teamId };
  const userId = await slackPerson(member, db, env);
  if (!userId) {
    const url = await createLinkUrl({ kind: "slack", externalUserId: request.user, teamId: request.teamId }, db, env);
    const view = strangerHomeView(url, Math.round(LINK_LIFETIME_MS / 60_000));
    await client.views.publish({ user_id: request.user, view });
    return;
  }
  const actor = await loadActor(userId, db, env);
  const writable = await writableRepositories(actor, db);
  const scope = request.scope ? (writable.find((repository) => repository.id === request.scope) ?? null) : null;
  let notice: string | null = null;
  if (request.scope && !scope) notice = "You cannot start sessions on that repository any more.";
  else if (request.change) notice = await applyChange(actor, scope, request.change, db, env);
  const view = homeView(await homeData(actor, { scope, writable, notice }, db, env));
  await client.views.publish({ user_id: request.user, view });
}

type Change = NonNullable<SlackHome["change"]>;

/** Makes the change; why it was refused (or what else it changed), in words, else null. */
async function applyChange(
  actor: Actor,
  scope: HostedRepository | null,
  change: Change,
  db: DbClient,
  env: Env,
): Promise<string | null> {
  const repositoryId = scope?.id ?? null;
  if (change.kind === "clear") {
    await clearPreferences(actor.id, repositoryId, db);
    return null;
  }
  if (change.field === "baseBranch") {
    const branch = change.value || null;
    const refusal = branch ? await branchRefusal(branch, scope) : null;
    if (refusal) return refusal;
    await setPreference(actor.id, repositoryId, { baseBranch: branch }, db);
    return null;
  }
  const value = change.value === DEFAULT_VALUE ? null : change.value;
  const list = await listModels({ actor, repositoryId, db, env });
  if (change.field === "model") {
    const model = value ? list.models.find((candidate) => candidate.id === value) : undefined;
    if (value && !model) return `${value} is not one of Nightshift's models.`;
    if (model && !model.available) return `${model.label} cannot be used: ${model.unavailableReason}`;
    await setPreference(actor.id, repositoryId, { model: value }, db);
    // An effort the newly chosen model does not offer gives way to that model's own.
    const { choices, running } = await effectiveModel(actor, scope, list, db);
    const efforts = list.models.find((candidate) => candidate.id === running)?.efforts ?? [];
    if (choices.reasoningEffort && !efforts.some((effort) => effort.id === choices.reasoningEffort)) {
      await setPreference(actor.id, repositoryId, { reasoningEffort: null }, db);
      return `${running} has no “${choices.reasoningEffort}” effort, so your effort is now the model's own.`;
    }
    return null;
  }
  const { running } = await effectiveModel(actor, scope, list, db);
  const efforts = list.models.find((candidate) => candidate.id === running)?.efforts ?? [];
  if (value && !efforts.some((effort) => effort.id === value))
    return `${running ?? "The model"} offers ${efforts.map((effort) => effort.id).join(", ") || "no effort to choose"}; not ${value}.`;
  await setPreference(actor.id, repositoryId, { reasoningEffort: value }, db);
  return null;
}

/**
 * The choices shown for the scope, the model that runs when they name none (the choice for every
 * repository, the repository's default, Nightshift's), and the model that runs with them.
 */
async function effectiveModel(actor: Actor, scope: HostedRepository | null, list: ModelList, db: DbClient) {
  const { global, byRepository } = await preferencesOf(actor.id, db);
  const choices: Preferences = scope ? (byRepository.get(scope.id) ?? NO_PREFERENCES) : global;
  const inherited = scope ? (global.model ?? (await repositorySettings(scope.id, db)).defaultModel) : null;
  const fallback = inherited ?? list.defaultModel;
  return { global, byRepository, choices, fallback, running: choices.model ?? fallback };
}

async function homeData(
  actor: Actor,
  shown: { scope: HostedRepository | null; writable: HostedRepository[]; notice: string | null },
  db: DbClient,
  env: Env,
): Promise<HomeData> {
  const { scope, writable } = shown;
  const list = await listModels({ actor, repositoryId: scope?.id ?? null, db, env });
  const { byRepository, choices, fallback, running } = await effectiveModel(actor, scope, list, db);
  const models = list.models
    .filter((model) => model.available)
    .map(({ id, label, efforts }) => ({ id, label, efforts: efforts.map(({ id, label }) => ({ id, label })) }));
  const named = (repository: HostedRepository) => ({
    id: repository.id,
    name: `${repository.owner}/${repository.name}`,
  });
  const sessions = await db.session.findMany({
    where: { createdById: actor.id, preparedUntil: null },
    orderBy: { updatedAt: "desc" },
    take: 10,
    select: {
      id: true,
      title: true,
      status: true,
      updatedAt: true,
      repositoryId: true,
      repository: { select: { owner: true, name: true } },
    },
  });
  // The menu shows 99 repositories: those with choices first, then those of recent sessions.
  const rank = (repository: HostedRepository) =>
    byRepository.has(repository.id) ? 0 : sessions.some((session) => session.repositoryId === repository.id) ? 1 : 2;
  const person = await db.user.findUniqueOrThrow({ where: { id: actor.id }, select: { name: true, email: true } });
  return {
    person: person.name ?? person.email ?? "someone",
    scope: scope && named(scope),
    repositories: [...writable].sort((a, b) => rank(a) - rank(b)).map(named),
    choices,
    defaultModel: fallback ?? "none can run yet",
    models,
    efforts: models.find((model) => model.id === running)?.efforts ?? [],
    overrides: writable.flatMap((repository) => {
      const choicesThere = byRepository.get(repository.id);
      return choicesThere ? [{ repository: named(repository), choices: choicesThere }] : [];
    }),
    sessions: sessions.map((session) => ({
      title: session.title ?? "Untitled session",
      url: `${env.controlPlaneUrl}/sessions/${session.id}`,
      repository: `${session.repository.owner}/${session.repository.name}`,
      status: session.status,
      updatedAt: session.updatedAt,
    })),
    notice: shown.notice,
  };
}
