// Which models a session may use. A model is "<provider>/<name>"; a provider is available when
// its key (or, for "custom", its endpoint) is configured. docs/sessions.md#models.
import type { Env } from "../env";
import { AppError } from "../errors";

export const MODEL_PROVIDERS = ["anthropic", "openai", "opencode", "custom"] as const;
export type ModelProvider = (typeof MODEL_PROVIDERS)[number];
export type ModelChoice = { id: string; provider: ModelProvider; name: string };

/** The variables that configure each provider, for messages that say what to set. */
export const PROVIDER_SETTINGS: Record<ModelProvider, string> = {
  anthropic: "ANTHROPIC_API_KEY",
  openai: "OPENAI_API_KEY",
  opencode: "OPENCODE_API_KEY",
  custom: "NIGHTSHIFT_MODEL_BASE_URL and NIGHTSHIFT_MODEL_NAMES",
};

export function configuredProviders(env: Env): ModelProvider[] {
  return MODEL_PROVIDERS.filter((provider) => isConfigured(env, provider));
}

function isConfigured(env: Env, provider: ModelProvider): boolean {
  if (provider === "anthropic") return Boolean(env.ANTHROPIC_API_KEY);
  if (provider === "openai") return Boolean(env.OPENAI_API_KEY);
  if (provider === "opencode") return Boolean(env.OPENCODE_API_KEY);
  return Boolean(env.NIGHTSHIFT_MODEL_BASE_URL) && env.NIGHTSHIFT_MODEL_NAMES.length > 0;
}

export function defaultModel(env: Env): string | undefined {
  if (env.NIGHTSHIFT_DEFAULT_MODEL) return env.NIGHTSHIFT_DEFAULT_MODEL;
  const customName = env.NIGHTSHIFT_MODEL_NAMES[0];
  if (isConfigured(env, "custom") && customName) return `custom/${customName}`;
  if (env.ANTHROPIC_API_KEY) return "anthropic/claude-sonnet-4-5";
  if (env.OPENAI_API_KEY) return "openai/gpt-5";
  return undefined;
}

/** The model to run, or a VALIDATION error on `model` saying what is wrong. */
export function resolveModel(env: Env, requested: string | undefined): ModelChoice {
  const id = requested?.trim() || defaultModel(env);
  if (!id) {
    throw AppError.field("model", "No model provider is configured: set ANTHROPIC_API_KEY, OPENAI_API_KEY, OPENCODE_API_KEY or a custom endpoint (docs/sessions.md#models).");
  }
  const slash = id.indexOf("/");
  const provider = id.slice(0, slash) as ModelProvider;
  const name = id.slice(slash + 1);
  if (slash <= 0 || !name || !MODEL_PROVIDERS.includes(provider)) {
    throw AppError.field("model", `"${id}" is not a model: write <provider>/<model>, with provider one of ${MODEL_PROVIDERS.join(", ")}.`);
  }
  if (!isConfigured(env, provider)) {
    throw AppError.field("model", `The ${provider} provider is not configured on this Nightshift (set ${PROVIDER_SETTINGS[provider]}).`);
  }
  if (provider === "custom") {
    // Matched in any case, run with the configured spelling (the name OpenCode's configuration has).
    const configured = env.NIGHTSHIFT_MODEL_NAMES.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    if (!configured) throw AppError.field("model", `The custom endpoint offers ${env.NIGHTSHIFT_MODEL_NAMES.join(", ")}, not ${name}.`);
    return { id: `custom/${configured}`, provider, name: configured };
  }
  return { id, provider, name };
}
