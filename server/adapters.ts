// Which adapter serves each port under the current configuration: one line per port, printed
// once at startup by instrumentation.ts (docs/architecture.md#ports-and-adapters). The launcher
// (npm run dev / npm start) says through NIGHTSHIFT_EMBEDDED which services it started itself.
import path from "node:path";
import { match } from "ts-pattern";
import { administratorsSource } from "./access/administrators";
import { type DatabaseChoice, describeDatabase } from "./database/describe-database";
import type { Env } from "./env";
import type { ModelProvider } from "./models/providers";
import { describeSandboxes } from "./sandboxes/get-provider";

/** Every port's line, in a fixed order: database, jobs, realtime, sandboxes, code host, sign-in, models. */
export function startupSummary(env: Env, models: ModelProvider[] | Error): string[] {
  return [
    describeDatabase(databaseChoiceOf(env)),
    describeJobs(env),
    describeRealtime(env),
    describeSandboxes(env),
    describeCodeHost(env),
    describeSignIn(env),
    describeModels(models),
  ];
}

function databaseChoiceOf(env: Env): DatabaseChoice {
  const url = env.DATABASE_URL ?? "postgresql://unset";
  return env.embedded.database
    ? { kind: "embedded", dataDir: path.join(env.NIGHTSHIFT_DATA_DIR, "data"), url }
    : { kind: "external", url };
}

function describeJobs(env: Env): string {
  return match(env.jobs)
    .with({ kind: "inngest" }, () => "jobs: Inngest, functions served at /api/inngest")
    .with(
      { kind: "pg-boss" },
      () =>
        "jobs: pg-boss on the database, worked by this server (set INNGEST_EVENT_KEY and INNGEST_SIGNING_KEY for Inngest)",
    )
    .exhaustive();
}

function describeRealtime(env: Env): string {
  return match(env.realtime)
    .with(
      { kind: "none" },
      () => "realtime: none — pages do not update by themselves (set PUSHER_APP_ID, PUSHER_KEY and PUSHER_SECRET)",
    )
    .with({ kind: "pusher" }, (pusher) => {
      if (env.embedded.realtime) {
        return `realtime: embedded Pusher-protocol server on ws://${pusher.host}:${pusher.port} (set PUSHER_APP_ID, PUSHER_KEY and PUSHER_SECRET for Pusher Channels)`;
      }
      const where = pusher.host
        ? `${pusher.host}:${pusher.port ?? (pusher.useTLS ? 443 : 80)}`
        : `cluster ${pusher.cluster}`;
      return `realtime: Pusher Channels, app ${pusher.appId} (${where})`;
    })
    .exhaustive();
}

function describeCodeHost(env: Env): string {
  return match(env.codeHost)
    .with(
      { kind: "github" },
      (github) =>
        `code host: GitHub App ${github.slug} on ${env.GITHUB_URL}${github.webhookSecret ? "" : " (no GITHUB_APP_WEBHOOK_SECRET: webhooks and the bot are off)"}`,
    )
    .with(
      { kind: "local" },
      () =>
        "code host: local git repositories on this machine, added by path (set GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_SLUG for GitHub)",
    )
    .exhaustive();
}

function describeSignIn(env: Env): string {
  const admission =
    env.NIGHTSHIFT_ALLOWED_EMAILS.length +
      env.NIGHTSHIFT_ALLOWED_EMAIL_DOMAINS.length +
      env.NIGHTSHIFT_ALLOWED_GITHUB_ORGS.length >
    0
      ? ", admission list applies"
      : "";
  const administrators = match(administratorsSource(env))
    .with("configured", () => `administrators: ${env.admins.join(", ")}`)
    .with("first-sign-in", () => "administrator: the first person to sign in (set NIGHTSHIFT_ADMINS to name them)")
    .with("none", () => "no administrator: set NIGHTSHIFT_ADMINS to name who changes global settings")
    .exhaustive();
  const how =
    env.signIn.kind === "github"
      ? "GitHub OAuth"
      : "development sign-in, name and email without a password (set GITHUB_CLIENT_ID/GITHUB_CLIENT_SECRET for GitHub)";
  return `sign-in: ${how}${admission}; ${administrators}`;
}

function describeModels(models: ModelProvider[] | Error): string {
  if (models instanceof Error) return `models: could not be read (${models.message})`;
  const available = models.filter((provider) => provider.available);
  if (available.length === 0) {
    return "models: none available — add ANTHROPIC_API_KEY, OPENAI_API_KEY or OPENCODE_API_KEY on the Secrets page, or a provider on the Models page (docs/models.md)";
  }
  return `models: ${available.map((provider) => `${provider.label} (${provider.id})`).join(", ")}`;
}
