// Well-known models offered by the new-session form for each hosted provider. Any other model id
// of a configured provider still works (by the API, or as NIGHTSHIFT_DEFAULT_MODEL); this list is
// only what the form suggests, and is updated by hand as providers release models.
import type { ModelProvider } from "./resolve-model";

export type CatalogModel = { name: string; label: string };
export type HostedProvider = Exclude<ModelProvider, "custom">;

export const PROVIDER_LABELS = {
  anthropic: "Anthropic",
  openai: "OpenAI",
  opencode: "OpenCode Zen",
  custom: "Custom endpoint",
} satisfies Record<ModelProvider, string>;

export const MODEL_CATALOG = {
  anthropic: [
    { name: "claude-sonnet-4-5", label: "Claude Sonnet 4.5" },
    { name: "claude-opus-4-1", label: "Claude Opus 4.1" },
    { name: "claude-haiku-4-5", label: "Claude Haiku 4.5" },
  ],
  openai: [
    { name: "gpt-5", label: "GPT-5" },
    { name: "gpt-5-codex", label: "GPT-5 Codex" },
    { name: "gpt-5-mini", label: "GPT-5 mini" },
  ],
  opencode: [
    { name: "claude-sonnet-4-5", label: "Claude Sonnet 4.5" },
    { name: "gpt-5", label: "GPT-5" },
    { name: "qwen3-coder", label: "Qwen3 Coder" },
    { name: "grok-code", label: "Grok Code Fast" },
  ],
} satisfies Record<HostedProvider, CatalogModel[]>;
