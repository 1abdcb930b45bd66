// The one place that reads the environment. Every variable is documented in .env.example.
// Parsing is lazy (getEnv) so that `next build` can import server modules without a
// configured environment; the launcher and instrumentation.ts call it at startup, so a
// bad configuration stops the server before it serves anything.
import { type RawEnv, schema, withoutBlanks } from "./env-schema";
import { type VercelConfig, vercelConfigOf, vercelProblems } from "./sandboxes/vercel/vercel-config";

export type Env = Omit<RawEnv, "GITHUB_CLIENT_ID" | "GITHUB_CLIENT_SECRET" | "AUTH_SECRET"> & {
  AUTH_SECRET: string | undefined;
  /** GitHub's REST API: api.github.com, or <GITHUB_URL>/api/v3 on GitHub Enterprise Server. */
  githubApiUrl: string;
  /** How people sign in: GitHub OAuth when configured, else the development sign-in. */
  signIn: { kind: "github"; clientId: string; clientSecret: string } | { kind: "dev" };
  isProduction: boolean;
  /** Where sandboxes reach the control plane: NIGHTSHIFT_URL, else http://127.0.0.1:<PORT>. */
  controlPlaneUrl: string;
  /**
   * Realtime: a Pusher Channels app — Pusher's cloud (cluster), or a server of the same protocol at
   * host:port (the embedded one the launcher starts). `none` without the launcher or Pusher.
   */
  realtime: RealtimeConfig;
  /** Durable jobs: Inngest when its keys are set, else pg-boss on the database. */
  jobs: { kind: "inngest"; eventKey: string; signingKey: string } | { kind: "pg-boss" };
  /** Where repositories come from: a GitHub App when it is configured, else local repositories on disk. */
  codeHost: CodeHostConfig;
  /** Which GitHub Actions OIDC tokens are exchanged for workflow tokens (server/access/workflow-tokens.ts). */
  githubOidc: { issuer: string; audience: string };
  /** Where sandboxes run. */
  sandboxes: SandboxesConfig;
  /** Emails and GitHub logins of the administrators (NIGHTSHIFT_ADMINS), in lower case. */
  admins: string[];
  /** The Slack app, when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set (docs/slack.md). */
  slack: { botToken: string; signingSecret: string; apiUrl: string } | null;
  /** The Linear agent, when its OAuth app and webhook secret are set (docs/linear.md). */
  linear: {
    clientId: string;
    clientSecret: string;
    webhookSecret: string;
    apiUrl: string;
    authorizeUrl: string;
  } | null;
  /** The services the launcher started for this server (npm run dev / npm start), for the startup summary. */
  embedded: { database: boolean; realtime: boolean };
};

export type SandboxesConfig = {
  /** Which provider runs them (NIGHTSHIFT_SANDBOX_PROVIDER): this machine, or Vercel Sandbox. */
  kind: "local" | "vercel";
  /** Vercel Sandbox's configuration when kind is vercel. */
  vercel: VercelConfig | null;
  /** <data dir>/sandboxes */
  dataDir: string;
  isolation: "auto" | "bubblewrap" | "none";
  /** OpenCode's binary; unset: the one npm installed. */
  opencodeBin: string | undefined;
  /** The most disk the sandboxes' snapshots may take (NIGHTSHIFT_SNAPSHOT_DISK_GB). */
  snapshotDiskBytes: number;
  /** Networks off the internet that sandboxes may reach (NIGHTSHIFT_EGRESS_INTERNAL_NETWORKS). */
  internalNetworks: string[];
  /**
   * How many idle sandboxes are held suspended, to resume at once (NIGHTSHIFT_SUSPENDED_SANDBOXES),
   * with a provider that can suspend them (the local one); 0: idle sandboxes are stopped.
   */
  suspendedLimit: number;
};

export type CodeHostConfig =
  | { kind: "local" }
  | { kind: "github"; appId: string; privateKey: string; webhookSecret: string | undefined; slug: string };

export type RealtimeConfig =
  | { kind: "none" }
  | {
      kind: "pusher";
      appId: string;
      key: string;
      secret: string;
      cluster: string | undefined;
      host: string | undefined;
      port: number | undefined;
      useTLS: boolean;
    };

export class EnvError extends Error {
  override name = "EnvError";
}

/** Every variable Nightshift reads (each is documented in .env.example). */
export const ENV_VARIABLES = Object.keys(schema.shape) as Array<keyof typeof schema.shape>;

/** Validates an environment; throws EnvError with one line per problem, naming each variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(withoutBlanks(source));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join("\n")}\nSee .env.example for every variable.`);
  }
  const { GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET, ...rest } = parsed.data;
  const isProduction = rest.NODE_ENV === "production";
  const problems: string[] = [];

  if (Boolean(GITHUB_CLIENT_ID) !== Boolean(GITHUB_CLIENT_SECRET)) {
    const missing = GITHUB_CLIENT_ID ? "GITHUB_CLIENT_SECRET" : "GITHUB_CLIENT_ID";
    problems.push(
      `  ${missing}: is required when ${missing === "GITHUB_CLIENT_ID" ? "GITHUB_CLIENT_SECRET" : "GITHUB_CLIENT_ID"} is set`,
    );
  }
  if (isProduction && !rest.AUTH_SECRET) {
    problems.push("  AUTH_SECRET: is required in production (generate one with: openssl rand -base64 32)");
  }
  if (isProduction && !GITHUB_CLIENT_ID && !rest.NIGHTSHIFT_ALLOW_DEV_SIGNIN) {
    problems.push(
      [
        "  Sign-in: no GitHub OAuth app is configured, and the development sign-in (name and email,",
        "  no password) is refused in production. Choose one:",
        "    - set GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET to sign in with GitHub (docs/deploy.md);",
        "    - set NIGHTSHIFT_ALLOW_DEV_SIGNIN=true to allow the development sign-in anyway — anyone who",
        "      can reach the server can sign in as anyone, so only on a private network;",
        "    - or run `npm run dev` for local development.",
      ].join("\n"),
    );
  }
  if (Boolean(rest.INNGEST_EVENT_KEY) !== Boolean(rest.INNGEST_SIGNING_KEY)) {
    const missing = rest.INNGEST_EVENT_KEY ? "INNGEST_SIGNING_KEY" : "INNGEST_EVENT_KEY";
    problems.push(
      `  ${missing}: is required too — Inngest runs the jobs only when both INNGEST_EVENT_KEY and INNGEST_SIGNING_KEY are set`,
    );
  }
  if (Boolean(rest.SLACK_BOT_TOKEN) !== Boolean(rest.SLACK_SIGNING_SECRET)) {
    const missing = rest.SLACK_BOT_TOKEN ? "SLACK_SIGNING_SECRET" : "SLACK_BOT_TOKEN";
    problems.push(
      `  ${missing}: is required too — the Slack bot runs only when both SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set`,
    );
  }
  const linearParts = [rest.LINEAR_CLIENT_ID, rest.LINEAR_CLIENT_SECRET, rest.LINEAR_WEBHOOK_SECRET];
  if (linearParts.some(Boolean) && !linearParts.every(Boolean)) {
    const missing = (["LINEAR_CLIENT_ID", "LINEAR_CLIENT_SECRET", "LINEAR_WEBHOOK_SECRET"] as const).filter(
      (name) => !rest[name],
    );
    problems.push(
      `  ${missing.join(", ")}: required with the other Linear variables (LINEAR_CLIENT_ID, LINEAR_CLIENT_SECRET, LINEAR_WEBHOOK_SECRET)`,
    );
  }
  const pusherParts = [rest.PUSHER_APP_ID, rest.PUSHER_KEY, rest.PUSHER_SECRET];
  if (pusherParts.some(Boolean) && !pusherParts.every(Boolean)) {
    const missing = (["PUSHER_APP_ID", "PUSHER_KEY", "PUSHER_SECRET"] as const).filter((name) => !rest[name]);
    problems.push(
      `  ${missing.join(", ")}: required with the other Pusher variables (PUSHER_APP_ID, PUSHER_KEY, PUSHER_SECRET)`,
    );
  }
  const appParts = {
    GITHUB_APP_ID: rest.GITHUB_APP_ID,
    GITHUB_APP_PRIVATE_KEY: rest.GITHUB_APP_PRIVATE_KEY,
    GITHUB_APP_SLUG: rest.GITHUB_APP_SLUG,
  };
  if (Object.values(appParts).some(Boolean) && !Object.values(appParts).every(Boolean)) {
    const missing = Object.entries(appParts)
      .filter(([, value]) => !value)
      .map(([name]) => name);
    problems.push(
      `  ${missing.join(", ")}: required with the other GitHub App variables (GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY, GITHUB_APP_SLUG)`,
    );
  }
  if (isProduction && GITHUB_CLIENT_ID && !rest.NIGHTSHIFT_SECRETS_KEY) {
    problems.push(
      "  NIGHTSHIFT_SECRETS_KEY: is required with GitHub sign-in in production: the GitHub tokens people sign in with are stored sealed with it (openssl rand -base64 32)",
    );
  }
  if (rest.NIGHTSHIFT_SECRETS_KEY && Buffer.from(rest.NIGHTSHIFT_SECRETS_KEY, "base64").length !== 32) {
    problems.push("  NIGHTSHIFT_SECRETS_KEY: must be 32 bytes in base64 (openssl rand -base64 32)");
  }
  if (rest.GITHUB_APP_PRIVATE_KEY && !privateKeyOf(rest.GITHUB_APP_PRIVATE_KEY).includes("PRIVATE KEY-----")) {
    problems.push(
      "  GITHUB_APP_PRIVATE_KEY: must be the App's private key in PEM form (-----BEGIN RSA PRIVATE KEY-----…), newlines as \\n allowed",
    );
  }
  problems.push(...vercelProblems(rest));
  if (problems.length > 0) {
    throw new EnvError(`Invalid configuration:\n${problems.join("\n")}\nSee .env.example for every variable.`);
  }

  const controlPlaneUrl = (rest.NIGHTSHIFT_URL ?? `http://127.0.0.1:${rest.PORT}`).replace(/\/+$/, "");
  return {
    ...rest,
    AUTH_SECRET: rest.AUTH_SECRET,
    admins: rest.NIGHTSHIFT_ADMINS.map((name) => name.replace(/^@/, "")),
    embedded: {
      database: rest.NIGHTSHIFT_EMBEDDED.includes("database"),
      realtime: rest.NIGHTSHIFT_EMBEDDED.includes("realtime"),
    },
    sandboxes: {
      kind: rest.NIGHTSHIFT_SANDBOX_PROVIDER,
      vercel: vercelConfigOf(rest, controlPlaneUrl),
      dataDir: rest.NIGHTSHIFT_DATA_DIR,
      isolation: rest.NIGHTSHIFT_SANDBOX_ISOLATION,
      opencodeBin: rest.NIGHTSHIFT_OPENCODE_BIN,
      snapshotDiskBytes: Math.round(rest.NIGHTSHIFT_SNAPSHOT_DISK_GB * 1024 ** 3),
      internalNetworks: rest.NIGHTSHIFT_EGRESS_INTERNAL_NETWORKS,
      suspendedLimit: rest.NIGHTSHIFT_SUSPENDED_SANDBOXES,
    },
    githubApiUrl: rest.GITHUB_URL === "https://github.com" ? "https://api.github.com" : `${rest.GITHUB_URL}/api/v3`,
    githubOidc: {
      issuer:
        rest.NIGHTSHIFT_GITHUB_OIDC_ISSUER?.replace(/\/+$/, "") ??
        (rest.GITHUB_URL === "https://github.com"
          ? "https://token.actions.githubusercontent.com"
          : `${rest.GITHUB_URL}/_services/token`),
      audience: rest.NIGHTSHIFT_GITHUB_OIDC_AUDIENCE ?? controlPlaneUrl,
    },
    isProduction,
    controlPlaneUrl,
    realtime:
      rest.PUSHER_APP_ID && rest.PUSHER_KEY && rest.PUSHER_SECRET
        ? {
            kind: "pusher",
            appId: rest.PUSHER_APP_ID,
            key: rest.PUSHER_KEY,
            secret: rest.PUSHER_SECRET,
            cluster: rest.PUSHER_CLUSTER ?? (rest.PUSHER_HOST ? undefined : "mt1"),
            host: rest.PUSHER_HOST,
            port: rest.PUSHER_PORT,
            useTLS:
              rest.PUSHER_USE_TLS === undefined || rest.PUSHER_USE_TLS === ""
                ? !rest.PUSHER_HOST
                : ["true", "1"].includes(rest.PUSHER_USE_TLS),
          }
        : { kind: "none" },
    slack:
      rest.SLACK_BOT_TOKEN && rest.SLACK_SIGNING_SECRET
        ? { botToken: rest.SLACK_BOT_TOKEN, signingSecret: rest.SLACK_SIGNING_SECRET, apiUrl: rest.SLACK_API_URL }
        : null,
    linear:
      rest.LINEAR_CLIENT_ID && rest.LINEAR_CLIENT_SECRET && rest.LINEAR_WEBHOOK_SECRET
        ? {
            clientId: rest.LINEAR_CLIENT_ID,
            clientSecret: rest.LINEAR_CLIENT_SECRET,
            webhookSecret: rest.LINEAR_WEBHOOK_SECRET,
            apiUrl: rest.LINEAR_API_URL,
            authorizeUrl: rest.LINEAR_AUTHORIZE_URL,
          }
        : null,
    jobs:
      rest.INNGEST_EVENT_KEY && rest.INNGEST_SIGNING_KEY
        ? { kind: "inngest", eventKey: rest.INNGEST_EVENT_KEY, signingKey: rest.INNGEST_SIGNING_KEY }
        : { kind: "pg-boss" },
    codeHost:
      rest.GITHUB_APP_ID && rest.GITHUB_APP_PRIVATE_KEY && rest.GITHUB_APP_SLUG
        ? {
            kind: "github",
            appId: rest.GITHUB_APP_ID,
            privateKey: privateKeyOf(rest.GITHUB_APP_PRIVATE_KEY),
            webhookSecret: rest.GITHUB_APP_WEBHOOK_SECRET,
            slug: rest.GITHUB_APP_SLUG,
          }
        : { kind: "local" },
    signIn:
      GITHUB_CLIENT_ID && GITHUB_CLIENT_SECRET
        ? { kind: "github", clientId: GITHUB_CLIENT_ID, clientSecret: GITHUB_CLIENT_SECRET }
        : { kind: "dev" },
  };
}

/** A PEM key pasted into one line of a .env file or a dashboard keeps its newlines as "\n". */
function privateKeyOf(value: string): string {
  return value.includes("\\n") ? value.replaceAll("\\n", "\n") : value;
}

/** The data directory a source names, before the rest is validated (the launcher needs it first). */
export function dataDirOf(source: Record<string, string | undefined>): string {
  return schema.shape.NIGHTSHIFT_DATA_DIR.parse(withoutBlanks(source).NIGHTSHIFT_DATA_DIR);
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
