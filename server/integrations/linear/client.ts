// The agent's Linear client for one workspace: @linear/sdk's LinearClient with the installation's
// access token, refreshed (the refresh token rotates) when it has less than 5 minutes left, or
// once when Linear refuses it. One refresh at a time per workspace: the row is locked while it
// happens, since a rotated refresh token cannot be used twice. docs/linear.md#installing-the-app.
import { AuthenticationLinearError, LinearClient } from "@linear/sdk";
import { z } from "zod";
import { type DbClient, getDb, inTransaction } from "../../db";
import { type Env, getEnv } from "../../env";
import { AppError } from "../../errors";
import { openValue, sealValue } from "../../secrets/secrets";

type LinearConfig = NonNullable<Env["linear"]>;

export function linearConfig(env: Env = getEnv()): LinearConfig {
  if (!env.linear) throw new AppError("NOT_FOUND", "The Linear agent is not set up here (docs/linear.md).");
  return env.linear;
}

const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/** Linear's answer at its token endpoint (OAuth 2). */
export const tokenAnswer = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  refresh_token: z.string().min(1).optional(),
  scope: z.union([z.string(), z.array(z.string())]).optional(),
});
export type TokenAnswer = z.infer<typeof tokenAnswer>;

/** Asks Linear's token endpoint for tokens: for an installation's code, or with a refresh token. */
export async function requestTokens(config: LinearConfig, grant: Record<string, string>): Promise<TokenAnswer> {
  const response = await fetch(`${config.apiUrl}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...grant, client_id: config.clientId, client_secret: config.clientSecret }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  if (!response.ok)
    throw new AppError("UNAVAILABLE", `Linear refused the app's tokens (${response.status}): ${text.slice(0, 200)}`);
  return tokenAnswer.parse(JSON.parse(text));
}

export function clientWith(config: LinearConfig, accessToken: string): LinearClient {
  return new LinearClient({ accessToken, apiUrl: `${config.apiUrl}/graphql` });
}

/**
 * Runs `work` with the workspace's client; should Linear refuse the token (revoked, expired
 * early), refreshes it and runs `work` once more.
 */
export async function withLinear<T>(
  organizationId: string,
  work: (client: LinearClient) => Promise<T>,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<T> {
  const config = linearConfig(env);
  const token = await accessToken(organizationId, { force: null }, db, env);
  try {
    return await work(clientWith(config, token));
  } catch (error) {
    if (!(error instanceof AuthenticationLinearError)) throw error;
    return work(clientWith(config, await accessToken(organizationId, { force: token }, db, env)));
  }
}

/** A usable access token; `force`: the token Linear refused, refreshed unless another refresh replaced it already. */
async function accessToken(organizationId: string, options: { force: string | null }, db: DbClient, env: Env) {
  const installation = await db.linearInstallation.findUnique({ where: { organizationId } });
  if (!installation)
    throw new AppError("NOT_FOUND", "The Linear agent is not installed in this workspace (docs/linear.md).");
  const current = openValue(installation.sealedAccessToken, env);
  if (!isDue(installation.accessTokenExpiresAt, current, options.force)) return current;
  return inTransaction(db, async (tx) => {
    await tx.$queryRaw`SELECT organization_id FROM linear_installations WHERE organization_id = ${organizationId} FOR UPDATE`;
    const locked = await tx.linearInstallation.findUniqueOrThrow({ where: { organizationId } });
    const token = openValue(locked.sealedAccessToken, env);
    if (!isDue(locked.accessTokenExpiresAt, token, options.force)) return token;
    if (!locked.sealedRefreshToken)
      throw new AppError("UNAVAILABLE", "Linear's token expired and there is no refresh token: install the app again.");
    const answer = await requestTokens(linearConfig(env), {
      grant_type: "refresh_token",
      refresh_token: openValue(locked.sealedRefreshToken, env),
    });
    await tx.linearInstallation.update({ where: { organizationId }, data: sealedTokens(answer, env) });
    return answer.access_token;
  });
}

/** Whether the token needs refreshing: it expires within 5 minutes, or it is the one Linear refused. */
function isDue(expiresAt: Date, token: string, refused: string | null): boolean {
  return expiresAt.getTime() - Date.now() < REFRESH_MARGIN_MS || token === refused;
}

/** The columns a token answer sets: the tokens sealed, and when the access token expires. */
export function sealedTokens(answer: TokenAnswer, env: Env) {
  return {
    sealedAccessToken: sealValue(answer.access_token, env),
    ...(answer.refresh_token ? { sealedRefreshToken: sealValue(answer.refresh_token, env) } : {}),
    accessTokenExpiresAt: new Date(Date.now() + answer.expires_in * 1000),
    ...(answer.scope ? { scopes: Array.isArray(answer.scope) ? answer.scope.join(",") : answer.scope } : {}),
  };
}
