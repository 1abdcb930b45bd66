// The model providers of this Nightshift and whether each can be used now. Hosted providers need
// a key: a global secret (or a repository's, for that repository's sessions) or the control
// plane's environment. The environment may configure one OpenAI-compatible endpoint ("custom");
// settings may add more (server/models/custom-providers.ts). docs/models.md.
import { type DbClient, getDb } from "../db";
import { type Env, getEnv } from "../env";
import {
  API_PACKAGES,
  type CatalogModel,
  compatibleModel,
  type HostedProvider,
  MODEL_CATALOG,
  type ModelApi,
  type Price,
  priceOf,
} from "./catalog";

export type ProviderSource = "hosted" | "environment" | "settings";

export type ModelProvider = {
  /** The provider part of a model id, and OpenCode's provider id. */
  id: string;
  label: string;
  source: ProviderSource;
  api: ModelApi;
  /** The name its key goes by (an environment variable or secret, or redaction's label); null when it needs none. */
  keyVariable: string | null;
  /** null: the SDK's own address. */
  baseUrl: string | null;
  available: boolean;
  /** Why not, and what to do about it, when not available. */
  unavailableReason: string | null;
  models: CatalogModel[];
};

export const HOSTED: Record<
  HostedProvider,
  { label: string; api: ModelApi; keyVariable: string; baseUrlVariable: keyof Env; defaultBaseUrl: string | null }
> = {
  anthropic: {
    label: "Anthropic",
    api: "anthropic",
    keyVariable: "ANTHROPIC_API_KEY",
    baseUrlVariable: "ANTHROPIC_BASE_URL",
    defaultBaseUrl: null,
  },
  openai: {
    label: "OpenAI",
    api: "openai",
    keyVariable: "OPENAI_API_KEY",
    baseUrlVariable: "OPENAI_BASE_URL",
    defaultBaseUrl: null,
  },
  opencode: {
    label: "OpenCode Zen",
    api: "openai-compatible",
    keyVariable: "OPENCODE_API_KEY",
    baseUrlVariable: "OPENCODE_BASE_URL",
    defaultBaseUrl: "https://opencode.ai/zen/v1",
  },
};

/** Provider ids a custom provider cannot take. */
export const BUILT_IN_PROVIDER_IDS = ["anthropic", "openai", "opencode", "custom"];

/** The name a settings provider's key goes by in redaction ([secret:NAME]); it is never a sandbox variable. */
export function customKeyVariable(slug: string): string {
  return `NIGHTSHIFT_PROVIDER_${slug.toUpperCase().replace(/-/g, "_")}_KEY`;
}

/**
 * Every provider, available or not, in the order they are offered. With `repositoryId`, a key set
 * as that repository's secret counts too.
 */
export async function loadModelProviders(
  options: { repositoryId?: string | null; db?: DbClient; env?: Env } = {},
): Promise<ModelProvider[]> {
  const db = options.db ?? getDb();
  const [secretKeys, custom] = await Promise.all([
    db.secret.findMany({
      where: {
        key: { in: Object.values(HOSTED).map((hosted) => hosted.keyVariable) },
        scopeId: { in: options.repositoryId ? ["global", options.repositoryId] : ["global"] },
      },
      select: { key: true },
    }),
    db.modelProvider.findMany({
      orderBy: { slug: "asc" },
      select: {
        slug: true,
        label: true,
        baseUrl: true,
        models: true,
        sealedKey: true,
        inputPrice: true,
        outputPrice: true,
      },
    }),
  ]);
  return modelProviders(options.env ?? getEnv(), {
    keysAsSecrets: new Set(secretKeys.map((secret) => secret.key)),
    custom: custom.map(({ sealedKey, inputPrice, outputPrice, ...row }) => ({
      ...row,
      price: priceOf({ inputPrice, outputPrice }),
      hasKey: sealedKey !== null,
    })),
  });
}

export type CustomProviderRow = {
  slug: string;
  label: string;
  baseUrl: string;
  models: string[];
  price: Price | null;
  hasKey: boolean;
};

/** The providers, given which hosted keys are secrets and the providers added in settings. */
export function modelProviders(
  env: Env,
  stored: { keysAsSecrets: Set<string>; custom: CustomProviderRow[] },
): ModelProvider[] {
  const providers: ModelProvider[] = [];
  if (env.NIGHTSHIFT_MODEL_BASE_URL && env.NIGHTSHIFT_MODEL_NAMES.length > 0) {
    providers.push({
      id: "custom",
      label: "Custom endpoint",
      source: "environment",
      api: "openai-compatible",
      keyVariable: env.NIGHTSHIFT_MODEL_API_KEY ? "NIGHTSHIFT_MODEL_API_KEY" : null,
      baseUrl: env.NIGHTSHIFT_MODEL_BASE_URL,
      available: true,
      unavailableReason: null,
      models: env.NIGHTSHIFT_MODEL_NAMES.map((name) => compatibleModel(name, env.NIGHTSHIFT_MODEL_PRICE)),
    });
  }
  for (const id of Object.keys(HOSTED) as HostedProvider[]) {
    const { label, api, keyVariable, baseUrlVariable, defaultBaseUrl } = HOSTED[id];
    const available = Boolean(env[keyVariable as keyof Env]) || stored.keysAsSecrets.has(keyVariable);
    providers.push({
      id,
      label,
      source: "hosted",
      api,
      keyVariable,
      baseUrl: (env[baseUrlVariable] as string | undefined) ?? defaultBaseUrl,
      available,
      unavailableReason: available
        ? null
        : `${label} has no API key: add ${keyVariable} as a global secret (on the Secrets page) or set it in Nightshift's environment.`,
      models: MODEL_CATALOG[id],
    });
  }
  for (const row of stored.custom) {
    providers.push({
      id: row.slug,
      label: row.label,
      source: "settings",
      api: "openai-compatible",
      keyVariable: row.hasKey ? customKeyVariable(row.slug) : null,
      baseUrl: row.baseUrl,
      available: true,
      unavailableReason: null,
      models: row.models.map((name) => compatibleModel(name, row.price)),
    });
  }
  return providers;
}

export function packageOf(provider: ModelProvider, model?: CatalogModel): string {
  return API_PACKAGES[model?.api ?? provider.api];
}
