// The GitHub OAuth token a person signed in with: what Nightshift asks GitHub with on their behalf
// (their access to a repository, their pull requests). Stored sealed with the secrets key, like a
// secret's value (server/auth/sealing-adapter.ts seals it at sign-in). A token that can no longer
// be opened — the key changed — counts as none: the person signs in with GitHub again, which
// stores a fresh one. A token stored in plain text before sealing existed is sealed when read.
// docs/secrets.md#github-sign-in-tokens.
import { type DbClient, getDb } from "../db";
import { type Env, getEnv } from "../env";
import { logger } from "../logger";
import { isSealed, openValue, sealValue } from "../secrets/secrets";

/** The token, sealed for storing. */
export function sealGithubToken(token: string, env: Env = getEnv()): string {
  return sealValue(token, env);
}

/** The person's GitHub token, or null when they did not sign in with GitHub (or it cannot be opened). */
export async function githubTokenOf(
  userId: string,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<string | null> {
  const account = await db.account.findFirst({
    where: { userId, provider: "github", access_token: { not: null } },
    select: { id: true, access_token: true },
  });
  const stored = account?.access_token;
  if (!account || !stored) return null;
  if (!isSealed(stored)) {
    await db.account.update({ where: { id: account.id }, data: { access_token: sealValue(stored, env) } });
    return stored;
  }
  try {
    return openValue(stored, env);
  } catch {
    logger.warn(
      "a GitHub sign-in token could not be opened (NIGHTSHIFT_SECRETS_KEY changed?); the person must sign in again",
      {
        userId,
      },
    );
    return null;
  }
}
