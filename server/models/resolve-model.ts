// Which model and effort a session or prompt runs with. A model is "<provider>/<name>"; it can be
// used when its provider is available (server/models/providers.ts), and an effort only when the
// model offers it. Refusals are field errors on `model` or `reasoningEffort`, saying why.
import type { Env } from "../env";
import { AppError } from "../errors";
import type { CatalogModel, Effort } from "./catalog";
import { offeredEffort } from "./efforts";
import type { ModelProvider } from "./providers";

export type ModelChoice = { id: string; provider: string; name: string; effort: string | null };
export type ResolvedModel = ModelChoice & {
  providerInfo: ModelProvider;
  model: CatalogModel;
  effortInfo: Effort | null;
};

/** Preferred defaults, first available wins, after NIGHTSHIFT_DEFAULT_MODEL. */
const PREFERRED = ["anthropic/claude-sonnet-4-5", "openai/gpt-5.1", "opencode/claude-sonnet-4-5"];

/** What a session gets when it names no model: null when no provider can run one. */
export function defaultModel(providers: ModelProvider[], env: Env): string | null {
  const usable = (id: string) => findModel(providers, id)?.provider.available === true;
  if (env.NIGHTSHIFT_DEFAULT_MODEL && usable(env.NIGHTSHIFT_DEFAULT_MODEL))
    return canonicalId(providers, env.NIGHTSHIFT_DEFAULT_MODEL);
  const custom = providers.find((provider) => provider.source === "environment");
  if (custom?.models[0]) return `${custom.id}/${custom.models[0].name}`;
  const preferred = PREFERRED.find(usable);
  if (preferred) return preferred;
  const first = providers.find((provider) => provider.available && provider.models.length > 0);
  return first ? `${first.id}/${first.models[0]!.name}` : null;
}

/** The provider and model `id` ("<provider>/<name>") names, available or not. */
export function findModel(
  providers: ModelProvider[],
  id: string,
): { provider: ModelProvider; model: CatalogModel } | undefined {
  const slash = id.indexOf("/");
  const provider = providers.find((candidate) => candidate.id === id.slice(0, slash).toLowerCase());
  // Custom endpoints' names are matched in any case and run with the configured spelling.
  const name = id.slice(slash + 1).toLowerCase();
  const model = provider?.models.find((candidate) => candidate.name.toLowerCase() === name);
  return provider && model ? { provider, model } : undefined;
}

function canonicalId(providers: ModelProvider[], id: string): string {
  const found = findModel(providers, id);
  return found ? `${found.provider.id}/${found.model.name}` : id;
}

/**
 * The model to run (the default when none is named) and its effort. `effort` is one the model must
 * offer; `inheritedEffort` (a session's, a repository's default) is used only when it does.
 */
export function resolveModel(
  providers: ModelProvider[],
  env: Env,
  request: { model?: string | null; effort?: string | null; inheritedEffort?: string | null },
): ResolvedModel {
  const id = request.model?.trim() || defaultModel(providers, env);
  if (!id) throw AppError.field("model", notConfiguredMessage());
  const slash = id.indexOf("/");
  const providerId = id.slice(0, slash).toLowerCase();
  const provider = providers.find((candidate) => candidate.id === providerId);
  if (slash <= 0 || slash === id.length - 1 || !provider) {
    throw AppError.field(
      "model",
      `"${id}" is not a model: write <provider>/<model>, with provider one of ${providers.map((candidate) => candidate.id).join(", ")}.`,
    );
  }
  const found = findModel(providers, id);
  if (!found) {
    throw AppError.field(
      "model",
      `${provider.label} offers ${provider.models.map((model) => model.name).join(", ")}; not ${id.slice(slash + 1)}.`,
    );
  }
  const { model } = found;
  if (!provider.available)
    throw AppError.field("model", `${model.label} cannot be used: ${provider.unavailableReason}`);

  const requested = request.effort?.trim().toLowerCase() || null;
  // An inherited effort gives way to the model's own default when the model lacks it (./efforts.ts);
  // one asked for is refused instead.
  const effortInfo = offeredEffort(model.efforts, requested ?? request.inheritedEffort);
  if (requested && !effortInfo) {
    const offered = model.efforts.map((effort) => effort.id);
    throw AppError.field(
      "reasoningEffort",
      offered.length === 0
        ? `${model.label} has no reasoning effort to choose.`
        : `${model.label} offers ${offered.join(", ")} reasoning effort; not ${requested}.`,
    );
  }
  return {
    id: `${provider.id}/${model.name}`,
    provider: provider.id,
    name: model.name,
    effort: effortInfo?.id ?? null,
    providerInfo: provider,
    model,
    effortInfo,
  };
}

export function notConfiguredMessage(): string {
  return "No model provider is configured, so no session can run: add ANTHROPIC_API_KEY, OPENAI_API_KEY or OPENCODE_API_KEY as a global secret (on the Secrets page), add an OpenAI-compatible provider (on the Models page), or set NIGHTSHIFT_MODEL_BASE_URL and NIGHTSHIFT_MODEL_NAMES.";
}
