// Which adapter serves each port under the current configuration, printed once at startup
// and documented in docs/architecture.md. Later ports (jobs, realtime, sandboxes) add lines.
import type { Env } from "./env";

export type DatabaseChoice = { kind: "embedded"; dataDir: string; url: string } | { kind: "external"; url: string };

export function describeDatabase(choice: DatabaseChoice): string {
  if (choice.kind === "embedded") {
    return `database: embedded PGlite, data in ${choice.dataDir}, serving ${redactUrl(choice.url)} (set DATABASE_URL to use your own Postgres)`;
  }
  return `database: Postgres at ${redactUrl(choice.url)} (DATABASE_URL)`;
}

export function describeSignIn(env: Env): string {
  if (env.signIn.kind === "github") return "sign-in: GitHub OAuth";
  const admission =
    env.NIGHTSHIFT_ALLOWED_EMAILS.length +
      env.NIGHTSHIFT_ALLOWED_EMAIL_DOMAINS.length +
      env.NIGHTSHIFT_ALLOWED_GITHUB_ORGS.length >
    0
      ? ", admission list applies"
      : "";
  return `sign-in: development sign-in, name and email without a password (set GITHUB_CLIENT_ID/GITHUB_CLIENT_SECRET for GitHub)${admission}`;
}

/** host:port/database, without the user or password. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}
