// The OpenCode configuration a sandbox runs with, and the provider keys it needs. Keys are
// passed as environment variables and referenced as {env:NAME}, so the configuration itself
// holds no secret. docs/sessions.md#models.
import type { Env } from "../env";
import { configuredProviders, type ModelChoice } from "./resolve-model";

/** Reasoning efforts, as OpenCode "variants": the prompt names one, the provider gets its options. */
const REASONING_VARIANTS = {
  low: { reasoningEffort: "low" },
  medium: { reasoningEffort: "medium" },
  high: { reasoningEffort: "high" },
};

export type AgentConfig = { config: Record<string, unknown>; env: Record<string, string> };

export function buildAgentConfig(env: Env, model: ModelChoice): AgentConfig {
  const providers: Record<string, unknown> = {};
  const keys: Record<string, string> = {};
  for (const provider of configuredProviders(env)) {
    if (provider === "custom") {
      providers.custom = {
        npm: "@ai-sdk/openai-compatible",
        name: "Custom endpoint",
        options: { baseURL: env.NIGHTSHIFT_MODEL_BASE_URL, apiKey: "{env:NIGHTSHIFT_MODEL_API_KEY}" },
        models: Object.fromEntries(
          env.NIGHTSHIFT_MODEL_NAMES.map((name) => [
            name,
            { name, tool_call: true, limit: { context: 128_000, output: 16_384 }, variants: REASONING_VARIANTS },
          ]),
        ),
      };
      keys.NIGHTSHIFT_MODEL_API_KEY = env.NIGHTSHIFT_MODEL_API_KEY ?? "none";
    } else {
      const variable = provider === "anthropic" ? "ANTHROPIC_API_KEY" : provider === "openai" ? "OPENAI_API_KEY" : "OPENCODE_API_KEY";
      providers[provider] = { options: { apiKey: `{env:${variable}}` } };
      keys[variable] = env[variable] ?? "";
    }
  }
  const config = {
    $schema: "https://opencode.ai/config.json",
    provider: providers,
    model: model.id,
    small_model: model.id,
    autoupdate: false,
    share: "disabled",
    permission: { edit: "allow", bash: "allow", webfetch: "allow", external_directory: "allow" },
  };
  return { config, env: keys };
}
