// OpenAI-compatible providers added in settings — self-hosters' own gateways and model servers —
// beside the one the environment may configure. Everyone may list them; administrators alone add,
// change and remove them (every session's model traffic may go through one). The key is sealed
// like a secret's value and never given back: lists say only whether one is set.
// docs/models.md#custom-providers.
import { z } from "zod";
import type { Actor } from "../access/actor";
import { assertAdministrator } from "../access/administrators";
import { type DbClient, getDb } from "../db";
import { type Env, getEnv } from "../env";
import { AppError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { forgetRedactors } from "../secrets/redactor-cache";
import { sealValue } from "../secrets/secrets";
import { type Price, priceOf } from "./catalog";
import { BUILT_IN_PROVIDER_IDS } from "./providers";

const MAX_PROVIDERS = 20;

const modelName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,99}$/, "Model names are letters, digits and . _ : @ / - (at most 100).");

/** Dollars per million tokens. */
const perMillion = (what: string) =>
  z
    .number({ error: `The ${what} price is US dollars per million tokens.` })
    .min(0, `The ${what} price cannot be negative.`)
    .max(10_000, `The ${what} price can be at most $10,000 per million tokens.`);

export const customProviderInput = z.object({
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z][a-z0-9-]{1,29}$/, "An id is 2 to 30 lower-case letters, digits and dashes, starting with a letter.")
    .refine((slug) => !BUILT_IN_PROVIDER_IDS.includes(slug), "That id belongs to a built-in provider; choose another."),
  label: z.string().trim().min(1, "Give the provider a name.").max(60, "A name can be at most 60 characters."),
  baseUrl: z
    .string()
    .trim()
    .pipe(
      z.url({
        protocol: /^https?$/,
        error: "Enter the endpoint's base URL, http:// or https://, usually ending in /v1.",
      }),
    ),
  /** Absent: keep the saved key; null: the endpoint needs none; a string: the new key. */
  apiKey: z
    .string()
    .trim()
    .min(1, "Clear the key instead of saving an empty one.")
    .max(4096, "A key can be at most 4,096 characters.")
    .nullable()
    .optional(),
  models: z
    .array(modelName)
    .min(1, "List at least one model name.")
    .max(50, "A provider can list at most 50 models.")
    .refine((names) => new Set(names.map((name) => name.toLowerCase())).size === names.length, "Each model name once."),
  /** What its models cost, for the meter and budgets. Absent: keep the saved one; null: unknown. */
  price: z
    .object({ input: perMillion("input"), output: perMillion("output") })
    .nullable()
    .optional()
    .describe("US dollars per million tokens, input and output, for all its models; null: unknown (tokens only)."),
});
export type CustomProviderInput = z.infer<typeof customProviderInput>;

export type CustomProviderSummary = {
  slug: string;
  label: string;
  baseUrl: string;
  models: string[];
  price: Price | null;
  hasKey: boolean;
  updatedAt: Date;
  updatedBy: { id: string; name: string | null } | null;
};

const SUMMARY = {
  slug: true,
  label: true,
  baseUrl: true,
  models: true,
  inputPrice: true,
  outputPrice: true,
  sealedKey: true,
  updatedAt: true,
  updatedBy: { select: { id: true, name: true } },
} as const;

function summary({
  sealedKey,
  inputPrice,
  outputPrice,
  ...row
}: Prisma.ModelProviderGetPayload<{ select: typeof SUMMARY }>): CustomProviderSummary {
  return { ...row, price: priceOf({ inputPrice, outputPrice }), hasKey: sealedKey !== null };
}

export async function listCustomProviders(db: DbClient = getDb()): Promise<CustomProviderSummary[]> {
  const rows = await db.modelProvider.findMany({ orderBy: { slug: "asc" }, select: SUMMARY });
  return rows.map(summary);
}

/** Adds the provider, or changes the one with this id. */
export async function saveCustomProvider(
  options: { provider: CustomProviderInput; actor: Actor },
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<CustomProviderSummary> {
  assertAdministrator(options.actor, "add or change model providers", env);
  const input = options.provider;
  const keyChange =
    input.apiKey === undefined ? {} : { sealedKey: input.apiKey === null ? null : sealValue(input.apiKey, env) };
  const data = {
    label: input.label,
    baseUrl: input.baseUrl,
    models: input.models,
    ...(input.price === undefined
      ? {}
      : { inputPrice: input.price?.input ?? null, outputPrice: input.price?.output ?? null }),
    updatedById: options.actor.id,
    ...keyChange,
  };
  const existing = await db.modelProvider.findUnique({ where: { slug: input.slug }, select: { id: true } });
  if (!existing && (await db.modelProvider.count()) >= MAX_PROVIDERS) {
    throw AppError.field("slug", `There can be at most ${MAX_PROVIDERS} custom providers; remove one first.`);
  }
  try {
    const row = await db.modelProvider.upsert({
      where: { slug: input.slug },
      create: { slug: input.slug, ...data },
      update: data,
      select: SUMMARY,
    });
    return summary(row);
  } finally {
    forgetRedactors();
  }
}

export async function removeCustomProvider(
  options: { slug: string; actor: Actor },
  db: DbClient = getDb(),
): Promise<{ slug: string }> {
  assertAdministrator(options.actor, "remove model providers");
  const slug = options.slug.trim().toLowerCase();
  const { count } = await db.modelProvider.deleteMany({ where: { slug } });
  forgetRedactors();
  if (count === 0) throw new AppError("NOT_FOUND", `There is no custom provider ${slug}.`);
  return { slug };
}
