// The Vercel Sandbox provider's configuration (docs/deploy.md#vercel-sandbox): its variables,
// checked with the rest of the environment by server/env.ts, and what they mean together. The
// provider refuses to start without what it needs: a base snapshot, credentials (a token, team
// and project, or OIDC on Vercel), and a control plane URL a sandbox on Vercel can reach.
import { z } from "zod";

const optionalString = z
  .string()
  .optional()
  .transform((value) => value?.trim() || undefined);

export const vercelEnvFields = {
  NIGHTSHIFT_SANDBOX_PROVIDER: z.enum(["local", "vercel"]).default("local"),
  VERCEL_TOKEN: optionalString,
  VERCEL_TEAM_ID: optionalString,
  VERCEL_PROJECT_ID: optionalString,
  /** Set by Vercel in its functions (and by `vercel env pull`): the SDK authenticates with it. */
  VERCEL_OIDC_TOKEN: optionalString,
  NIGHTSHIFT_VERCEL_BASE_SNAPSHOT: optionalString,
  NIGHTSHIFT_VERCEL_MAX_MINUTES: z.coerce
    .number()
    .int("must be a whole number of minutes")
    .min(10, "must be at least 10 minutes")
    .max(24 * 60, "is at most 1440 minutes (24 hours), Vercel's longest")
    .default(45),
  NIGHTSHIFT_VERCEL_VCPUS: z.coerce.number().int().min(1).max(32).default(2),
  /** Where the SDK's requests go instead of Vercel's API (a fake of it, in tests). */
  NIGHTSHIFT_VERCEL_API_URL: optionalString,
} as const;

type VercelEnv = { [K in keyof typeof vercelEnvFields]: z.output<(typeof vercelEnvFields)[K]> } & {
  NIGHTSHIFT_URL?: string;
  GITHUB_URL: string;
};

export type VercelConfig = {
  /** A token, team and project; null: OIDC (VERCEL_OIDC_TOKEN, set by Vercel). */
  credentials: { token: string; teamId: string; projectId: string } | null;
  baseSnapshotId: string;
  /** The plan's longest sandbox lifetime: timeouts are extended up to it, never beyond. */
  maxLifetimeMs: number;
  vcpus: number;
  apiUrl: string | null;
  /** Hosts every sandbox reaches whatever its repository's network access: the control plane, the code host. */
  alwaysAllowedHosts: string[];
};

const isLoopback = (host: string) =>
  host === "localhost" || host === "[::1]" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);

/** Why the Vercel configuration cannot work, one line per problem; empty when it can. */
export function vercelProblems(env: VercelEnv): string[] {
  if (env.NIGHTSHIFT_SANDBOX_PROVIDER !== "vercel") return [];
  const problems: string[] = [];
  const parts = {
    VERCEL_TOKEN: env.VERCEL_TOKEN,
    VERCEL_TEAM_ID: env.VERCEL_TEAM_ID,
    VERCEL_PROJECT_ID: env.VERCEL_PROJECT_ID,
  };
  const given = Object.values(parts).filter(Boolean).length;
  if (given > 0 && given < 3) {
    const missing = Object.entries(parts)
      .filter(([, value]) => !value)
      .map(([name]) => name);
    problems.push(
      `  ${missing.join(", ")}: required with the other Vercel credentials (VERCEL_TOKEN, VERCEL_TEAM_ID, VERCEL_PROJECT_ID)`,
    );
  }
  if (given === 0 && !env.VERCEL_OIDC_TOKEN) {
    problems.push(
      "  NIGHTSHIFT_SANDBOX_PROVIDER=vercel: no Vercel credentials — on Vercel, enable OIDC (VERCEL_OIDC_TOKEN is then set); elsewhere set VERCEL_TOKEN, VERCEL_TEAM_ID and VERCEL_PROJECT_ID (docs/deploy.md#vercel-sandbox)",
    );
  }
  if (!env.NIGHTSHIFT_VERCEL_BASE_SNAPSHOT) {
    problems.push(
      "  NIGHTSHIFT_VERCEL_BASE_SNAPSHOT: is required with NIGHTSHIFT_SANDBOX_PROVIDER=vercel — the snapshot with Node, git, ripgrep and OpenCode that npm run sandbox:vercel-base prints",
    );
  }
  const url = env.NIGHTSHIFT_URL ? new URL(env.NIGHTSHIFT_URL) : null;
  // A fake of Vercel's API runs its sandboxes on this machine, where loopback works.
  if (!env.NIGHTSHIFT_VERCEL_API_URL && (!url || isLoopback(url.hostname))) {
    problems.push(
      "  NIGHTSHIFT_URL: must be Nightshift's public address with NIGHTSHIFT_SANDBOX_PROVIDER=vercel — sandboxes on Vercel call it back (https://nightshift.example.com)",
    );
  }
  return problems;
}

export function vercelConfigOf(env: VercelEnv, controlPlaneUrl: string): VercelConfig | null {
  if (env.NIGHTSHIFT_SANDBOX_PROVIDER !== "vercel") return null;
  return {
    credentials:
      env.VERCEL_TOKEN && env.VERCEL_TEAM_ID && env.VERCEL_PROJECT_ID
        ? { token: env.VERCEL_TOKEN, teamId: env.VERCEL_TEAM_ID, projectId: env.VERCEL_PROJECT_ID }
        : null,
    baseSnapshotId: env.NIGHTSHIFT_VERCEL_BASE_SNAPSHOT ?? "",
    maxLifetimeMs: env.NIGHTSHIFT_VERCEL_MAX_MINUTES * 60_000,
    vcpus: env.NIGHTSHIFT_VERCEL_VCPUS,
    apiUrl: env.NIGHTSHIFT_VERCEL_API_URL?.replace(/\/+$/, "") ?? null,
    alwaysAllowedHosts: [new URL(controlPlaneUrl).hostname, new URL(env.GITHUB_URL).hostname],
  };
}
