// The model choices people see: every provider's models, the unavailable ones with the reason,
// and each model's reasoning efforts. Never a key: only whether one is set.
import type { Actor } from "../access/actor";
import { authorizeRepository } from "../access/repository-access";
import { type DbClient, getDb } from "../db";
import { type Env, getEnv } from "../env";
import { loadModelProviders, type ModelProvider, type ProviderSource } from "./providers";
import { defaultModel, notConfiguredMessage } from "./resolve-model";

export type EffortOption = { id: string; label: string; description: string };
export type ModelOption = {
  id: string;
  provider: string;
  providerLabel: string;
  name: string;
  label: string;
  available: boolean;
  unavailableReason: string | null;
  efforts: EffortOption[];
};
export type ProviderSummary = {
  id: string;
  label: string;
  source: ProviderSource;
  available: boolean;
  unavailableReason: string | null;
};
export type ModelList = {
  providers: ProviderSummary[];
  /** Available models first, in the providers' order. */
  models: ModelOption[];
  /** What a session gets when it names no model; null when there is none to give. */
  defaultModel: string | null;
  /** With no provider available: what to do, in plain words. */
  notConfiguredMessage: string | null;
};

/** With a repository (which the viewer must be able to read), keys set as its secrets count too. */
export async function listModels(options: {
  actor: Actor;
  repositoryId?: string | null;
  db?: DbClient;
  env?: Env;
}): Promise<ModelList> {
  const env = options.env ?? getEnv();
  const db = options.db ?? getDb();
  if (options.repositoryId) {
    await authorizeRepository({ repositoryId: options.repositoryId, actor: options.actor, need: "read" }, db);
  }
  return modelList(await loadModelProviders({ repositoryId: options.repositoryId, db, env }), env);
}

export function modelList(providers: ModelProvider[], env: Env): ModelList {
  const models = providers.flatMap((provider) =>
    provider.models.map((model): ModelOption => ({
      id: `${provider.id}/${model.name}`,
      provider: provider.id,
      providerLabel: provider.label,
      name: model.name,
      label: model.label,
      available: provider.available,
      unavailableReason: provider.unavailableReason,
      efforts: model.efforts.map(({ id, label, description }) => ({ id, label, description })),
    })),
  );
  const fallback = defaultModel(providers, env);
  return {
    providers: providers.map(({ id, label, source, available, unavailableReason }) => ({
      id,
      label,
      source,
      available,
      unavailableReason,
    })),
    models: [...models.filter((model) => model.available), ...models.filter((model) => !model.available)],
    defaultModel: fallback,
    notConfiguredMessage: fallback ? null : notConfiguredMessage(),
  };
}
