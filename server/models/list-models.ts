import { type Env, getEnv } from "../env";
import { AppError } from "../errors";
import { MODEL_CATALOG, PROVIDER_LABELS } from "./catalog";
import { configuredProviders, defaultModel, type ModelProvider, PROVIDER_SETTINGS, resolveModel } from "./resolve-model";

export type ModelOption = { id: string; provider: ModelProvider; providerLabel: string; name: string; label: string };
export type ModelList = {
  models: ModelOption[];
  /** What a session gets when it names no model; null when there is none to give. */
  defaultModel: string | null;
  /** With no provider configured: what to set, in plain words. */
  notConfiguredMessage: string | null;
};

/** The models a new session can use here: the configured providers' models, the default first. */
export function listModels(env: Env = getEnv()): ModelList {
  const providers = configuredProviders(env);
  if (providers.length === 0) return { models: [], defaultModel: null, notConfiguredMessage: notConfiguredMessage() };

  const models = providers.flatMap((provider) => providerModels(env, provider));
  const fallback = validDefault(env);
  if (fallback && !models.some((model) => model.id === fallback.id)) models.unshift(fallback);
  return { models, defaultModel: fallback?.id ?? models[0]?.id ?? null, notConfiguredMessage: null };
}

function providerModels(env: Env, provider: ModelProvider): ModelOption[] {
  const entries = provider === "custom" ? env.NIGHTSHIFT_MODEL_NAMES.map((name) => ({ name, label: name })) : MODEL_CATALOG[provider];
  return entries.map(({ name, label }) => option(provider, name, label));
}

function option(provider: ModelProvider, name: string, label: string): ModelOption {
  return { id: `${provider}/${name}`, provider, providerLabel: PROVIDER_LABELS[provider], name, label };
}

/** The configured default when it can run (NIGHTSHIFT_DEFAULT_MODEL may name an unconfigured provider). */
function validDefault(env: Env): ModelOption | undefined {
  try {
    const choice = resolveModel(env, defaultModel(env));
    const known = choice.provider === "custom" ? undefined : MODEL_CATALOG[choice.provider].find((model) => model.name === choice.name);
    return option(choice.provider, choice.name, known?.label ?? choice.name);
  } catch (error) {
    if (error instanceof AppError) return undefined;
    throw error;
  }
}

function notConfiguredMessage(): string {
  const keys = [PROVIDER_SETTINGS.anthropic, PROVIDER_SETTINGS.openai, PROVIDER_SETTINGS.opencode].join(", ");
  return `No model provider is configured, so no session can run. Set ${keys}, or ${PROVIDER_SETTINGS.custom} for an OpenAI-compatible endpoint, and restart Nightshift.`;
}
