// The models Nightshift offers for each hosted provider, with each model's reasoning efforts and
// what each effort means to that provider. OpenCode receives an effort as a "variant" of the
// model, whose options go to the provider's SDK as they are (server/models/agent-config.ts):
// Anthropic's extended-thinking budget, OpenAI's reasoning effort. Updated by hand as providers
// release models; self-hosters add others as custom providers (docs/models.md).

import type { Usage } from "./gateway/usage";

/** How a provider's API is spoken; decides the SDK OpenCode loads and what an effort becomes. */
export type ModelApi = "anthropic" | "openai" | "openai-compatible";

export type Effort = {
  id: string;
  label: string;
  /** What it does, in words (shown beside the choice). */
  description: string;
  /** The options OpenCode passes to the provider's SDK for this effort. */
  options: Record<string, unknown>;
};

/**
 * A model's list price in US dollars per million tokens: uncached input, output (reasoning
 * included), input read from the cache and input written to it (where they differ from input).
 */
export type Price = { input: number; output: number; cacheRead?: number; cacheWrite?: number };

export type CatalogModel = {
  name: string;
  label: string;
  /** Set when the model is served in another API than its provider's default (OpenCode Zen). */
  api?: ModelApi;
  limit: { context: number; output: number };
  efforts: Effort[];
  /** Unknown (a custom endpoint's model): tokens are counted, cost is not. */
  price?: Price;
};

export const HOSTED_PROVIDERS = ["anthropic", "openai", "opencode"] as const;
export type HostedProvider = (typeof HOSTED_PROVIDERS)[number];

function thinking(id: string, label: string, budgetTokens: number): Effort {
  return {
    id,
    label,
    description: `Thinks for up to ${budgetTokens.toLocaleString("en-US")} tokens before answering.`,
    options: { thinking: { type: "enabled", budgetTokens } },
  };
}

const CLAUDE_EFFORTS = [
  thinking("low", "Low", 4_000),
  thinking("medium", "Medium", 10_000),
  thinking("high", "High", 20_000),
];

function reasoning(id: string, label: string, description: string): Effort {
  return {
    id,
    label,
    description,
    options: id === "none" ? { reasoningEffort: id } : { reasoningEffort: id, reasoningSummary: "auto" },
  };
}

const LOW = reasoning("low", "Low", "Reasons briefly: faster and cheaper.");
const MEDIUM = reasoning("medium", "Medium", "The provider's default depth of reasoning.");
const HIGH = reasoning("high", "High", "Reasons at length before acting: slower, for hard problems.");
const GPT5_EFFORTS = [reasoning("minimal", "Minimal", "Almost no reasoning: fastest."), LOW, MEDIUM, HIGH];
const GPT51_EFFORTS = [reasoning("none", "None", "No reasoning at all: fastest."), LOW, MEDIUM, HIGH];
const CODEX_EFFORTS = [LOW, MEDIUM, HIGH];

/** What a model of a custom OpenAI-compatible endpoint offers: `reasoning_effort`, which the endpoint may ignore. */
export const COMPATIBLE_EFFORTS: Effort[] = ["low", "medium", "high"].map((id) => ({
  id,
  label: id[0]!.toUpperCase() + id.slice(1),
  description: `Sends reasoning_effort "${id}"; endpoints whose models do not reason ignore it.`,
  options: { reasoningEffort: id },
}));

// List prices as the providers published them (November 2026); updated by hand with the models.
const SONNET: Price = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };
const OPUS_45: Price = { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 };
const OPUS_41: Price = { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 };
const HAIKU: Price = { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 };
const GPT5: Price = { input: 1.25, output: 10, cacheRead: 0.125 };
const GPT5_MINI: Price = { input: 0.25, output: 2, cacheRead: 0.025 };

const CLAUDE_LIMIT = { context: 200_000, output: 64_000 };
const GPT_LIMIT = { context: 400_000, output: 128_000 };

export const MODEL_CATALOG: Record<HostedProvider, CatalogModel[]> = {
  anthropic: [
    {
      name: "claude-sonnet-4-5",
      label: "Claude Sonnet 4.5",
      limit: CLAUDE_LIMIT,
      efforts: CLAUDE_EFFORTS,
      price: SONNET,
    },
    { name: "claude-opus-4-5", label: "Claude Opus 4.5", limit: CLAUDE_LIMIT, efforts: CLAUDE_EFFORTS, price: OPUS_45 },
    {
      name: "claude-opus-4-1",
      label: "Claude Opus 4.1",
      limit: { context: 200_000, output: 32_000 },
      efforts: CLAUDE_EFFORTS,
      price: OPUS_41,
    },
    { name: "claude-haiku-4-5", label: "Claude Haiku 4.5", limit: CLAUDE_LIMIT, efforts: CLAUDE_EFFORTS, price: HAIKU },
  ],
  openai: [
    { name: "gpt-5.1", label: "GPT-5.1", limit: GPT_LIMIT, efforts: GPT51_EFFORTS, price: GPT5 },
    { name: "gpt-5.1-codex", label: "GPT-5.1 Codex", limit: GPT_LIMIT, efforts: CODEX_EFFORTS, price: GPT5 },
    { name: "gpt-5", label: "GPT-5", limit: GPT_LIMIT, efforts: GPT5_EFFORTS, price: GPT5 },
    { name: "gpt-5-codex", label: "GPT-5 Codex", limit: GPT_LIMIT, efforts: CODEX_EFFORTS, price: GPT5 },
    { name: "gpt-5-mini", label: "GPT-5 mini", limit: GPT_LIMIT, efforts: GPT5_EFFORTS, price: GPT5_MINI },
  ],
  // OpenCode Zen serves each model in its maker's API; the others speak chat completions.
  opencode: [
    {
      name: "claude-sonnet-4-5",
      label: "Claude Sonnet 4.5",
      api: "anthropic",
      limit: CLAUDE_LIMIT,
      efforts: CLAUDE_EFFORTS,
      price: SONNET,
    },
    {
      name: "claude-haiku-4-5",
      label: "Claude Haiku 4.5",
      api: "anthropic",
      limit: CLAUDE_LIMIT,
      efforts: CLAUDE_EFFORTS,
      price: HAIKU,
    },
    { name: "gpt-5", label: "GPT-5", api: "openai", limit: GPT_LIMIT, efforts: GPT5_EFFORTS, price: GPT5 },
    { name: "gpt-5-codex", label: "GPT-5 Codex", api: "openai", limit: GPT_LIMIT, efforts: CODEX_EFFORTS, price: GPT5 },
    {
      name: "qwen3-coder",
      label: "Qwen3 Coder",
      limit: { context: 262_144, output: 65_536 },
      efforts: [],
      price: { input: 0.45, output: 1.8 },
    },
    {
      name: "grok-code",
      label: "Grok Code Fast 1",
      limit: { context: 256_000, output: 256_000 },
      efforts: [],
      price: { input: 0.2, output: 1.5, cacheRead: 0.02 },
    },
  ],
};

/** A custom endpoint's model: all that is known of it is its name. */
/** A stored provider's price, when both halves are known. */
export function priceOf(row: { inputPrice: number | null; outputPrice: number | null }): Price | null {
  return row.inputPrice === null || row.outputPrice === null
    ? null
    : { input: row.inputPrice, output: row.outputPrice };
}

/** A model of an OpenAI-compatible endpoint, at the price its provider states (none: unknown). */
export function compatibleModel(name: string, price?: Price | null): CatalogModel {
  return {
    name,
    label: name,
    limit: { context: 128_000, output: 16_384 },
    efforts: COMPATIBLE_EFFORTS,
    ...(price ? { price } : {}),
  };
}

/** What `usage` costs at `price`, in millionths of a dollar (null: the price is unknown). */
export function costMicros(price: Price | undefined, usage: Usage): number | null {
  if (!price) return null;
  const dollarsPerMillion =
    usage.inputTokens * price.input +
    usage.outputTokens * price.output +
    usage.cacheReadTokens * (price.cacheRead ?? price.input) +
    usage.cacheWriteTokens * (price.cacheWrite ?? price.input);
  // Tokens × dollars per million tokens = millionths of a dollar.
  return Math.round(dollarsPerMillion);
}

/** The SDK package OpenCode speaks each API with (bundled in OpenCode; nothing is downloaded). */
export const API_PACKAGES: Record<ModelApi, string> = {
  anthropic: "@ai-sdk/anthropic",
  openai: "@ai-sdk/openai",
  "openai-compatible": "@ai-sdk/openai-compatible",
};
