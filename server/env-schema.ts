// Every variable Nightshift reads, as one zod schema (each is documented in .env.example), and
// what counts as unset. ./env.ts checks the variables against each other and shapes the result.
import { z } from "zod";
import { parseNetwork } from "./sandboxes/egress-policy";
import { vercelEnvFields } from "./sandboxes/vercel/vercel-config";

const list = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? "")
      .split(",")
      .map((item) => item.trim().toLowerCase())
      .filter(Boolean),
  );

/** Comma-separated, trimmed, spelling kept (model names can be case-sensitive on a gateway). */
const namesList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? "")
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean),
  );

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((value) => value === "true" || value === "1");

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

export const schema = z.object({
  ...vercelEnvFields,
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optionalString.pipe(
    z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" }).optional(),
  ),
  NIGHTSHIFT_DATA_DIR: z.string().default(".nightshift"),
  AUTH_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  GITHUB_CLIENT_ID: optionalString,
  GITHUB_CLIENT_SECRET: optionalString,
  GITHUB_URL: z
    .url()
    .default("https://github.com")
    .transform((url) => url.replace(/\/+$/, "")),
  NIGHTSHIFT_SECRETS_KEY: optionalString,
  GITHUB_APP_ID: optionalString,
  GITHUB_APP_PRIVATE_KEY: optionalString,
  GITHUB_APP_WEBHOOK_SECRET: optionalString,
  GITHUB_APP_SLUG: optionalString,
  /** GitHub Actions' OIDC issuer: GitHub's, or <GITHUB_URL>/_services/token on GitHub Enterprise Server. */
  NIGHTSHIFT_GITHUB_OIDC_ISSUER: optionalString.pipe(z.url().optional()),
  /** The audience a workflow's OIDC token must name: NIGHTSHIFT_URL unless set. */
  NIGHTSHIFT_GITHUB_OIDC_AUDIENCE: optionalString,
  NIGHTSHIFT_ALLOW_DEV_SIGNIN: flag,
  NIGHTSHIFT_ALLOWED_EMAILS: list,
  NIGHTSHIFT_ALLOWED_EMAIL_DOMAINS: list,
  NIGHTSHIFT_ALLOWED_GITHUB_ORGS: list,
  NIGHTSHIFT_ADMINS: list,
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  ANTHROPIC_API_KEY: optionalString,
  OPENAI_API_KEY: optionalString,
  OPENCODE_API_KEY: optionalString,
  /** Where each hosted provider's requests go, when not to the provider itself (a proxy or gateway). */
  ANTHROPIC_BASE_URL: optionalString.pipe(z.url().optional()),
  OPENAI_BASE_URL: optionalString.pipe(z.url().optional()),
  OPENCODE_BASE_URL: optionalString.pipe(z.url().optional()),
  NIGHTSHIFT_MODEL_BASE_URL: optionalString.pipe(z.url().optional()),
  NIGHTSHIFT_MODEL_API_KEY: optionalString,
  NIGHTSHIFT_MODEL_NAMES: namesList,
  /** The custom endpoint's price, "<input>,<output>" US dollars per million tokens; unset: unknown. */
  NIGHTSHIFT_MODEL_PRICE: optionalString.transform((value, context) => {
    if (value === undefined) return null;
    const match = /^\s*(\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)\s*$/.exec(value);
    if (match) return { input: Number(match[1]), output: Number(match[2]) };
    context.addIssue({
      code: "custom",
      message: 'Give the price as "<input>,<output>" US dollars per million tokens, e.g. "3,15".',
    });
    return z.NEVER;
  }),
  NIGHTSHIFT_DEFAULT_MODEL: optionalString,
  /** The model that guesses a bot request's repository (server/repositories/classify-repository.ts); "off": none. */
  NIGHTSHIFT_CLASSIFIER_MODEL: optionalString.refine(
    (value) => value === undefined || value === "off" || /^[^/\s]+\/\S+$/.test(value),
    'Write "<provider>/<model>" (e.g. anthropic/claude-haiku-4-5), or "off" to ask no model.',
  ),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  NIGHTSHIFT_URL: optionalString.pipe(z.url().optional()),
  INNGEST_EVENT_KEY: optionalString,
  INNGEST_SIGNING_KEY: optionalString,
  NIGHTSHIFT_SANDBOX_ISOLATION: z.enum(["auto", "bubblewrap", "none"]).default("auto"),
  NIGHTSHIFT_OPENCODE_BIN: optionalString,
  NIGHTSHIFT_EGRESS_INTERNAL_NETWORKS: z
    .string()
    .default("")
    .transform((value) =>
      value
        .split(",")
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .superRefine((networks, context) => {
      for (const network of networks) {
        const parsed = parseNetwork(network);
        if (typeof parsed === "string") context.addIssue({ code: "custom", message: parsed });
      }
    }),
  NIGHTSHIFT_SNAPSHOT_DISK_GB: z.coerce.number().positive("must be a positive number of gigabytes").default(20),
  NIGHTSHIFT_SUSPENDED_SANDBOXES: z.coerce
    .number()
    .int("must be a whole number")
    .min(0, "must be 0 (stop idle sandboxes) or more")
    .default(4),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  /** Slack's Web API; another address only for tests (a fake of it). */
  SLACK_API_URL: z
    .url()
    .default("https://slack.com/api/")
    .transform((url) => (url.endsWith("/") ? url : `${url}/`)),
  LINEAR_CLIENT_ID: optionalString,
  LINEAR_CLIENT_SECRET: optionalString,
  LINEAR_WEBHOOK_SECRET: optionalString,
  /** Linear's API (GraphQL at /graphql, OAuth tokens at /oauth/token); another address only for tests. */
  LINEAR_API_URL: z
    .url()
    .default("https://api.linear.app")
    .transform((url) => url.replace(/\/+$/, "")),
  /** Where people approve the app's installation; another address only for tests. */
  LINEAR_AUTHORIZE_URL: z.url().default("https://linear.app/oauth/authorize"),
  PUSHER_APP_ID: optionalString,
  PUSHER_KEY: optionalString,
  PUSHER_SECRET: optionalString,
  PUSHER_CLUSTER: optionalString,
  PUSHER_HOST: optionalString,
  PUSHER_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  PUSHER_USE_TLS: z.enum(["true", "false", "1", "0", ""]).optional(),
  NIGHTSHIFT_REALTIME_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  NIGHTSHIFT_REALTIME_HOST: z.string().trim().min(1).default("127.0.0.1"),
  NIGHTSHIFT_EMBEDDED: namesList.pipe(
    z.array(
      z.enum(["database", "realtime"], {
        error: "lists only database and realtime (set by npm run dev and npm start)",
      }),
    ),
  ),
});

export type RawEnv = z.infer<typeof schema>;

/** Blank values count as unset, so a copied .env.example with empty `KEY=` lines means defaults. */
export function withoutBlanks(source: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(source).map(([key, value]) => [key, value?.trim() === "" ? undefined : value]),
  );
}
