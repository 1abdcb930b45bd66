// Installing the agent in a Linear workspace: an administrator is sent to Linear's consent page
// (OAuth 2 with actor=app, so the agent acts as its own app user and can be assigned and
// mentioned), and Linear sends them back with a code, exchanged here for the workspace's tokens,
// stored sealed. A state kept in a cookie ties the return to the administrator who left.
// docs/linear.md#installing-the-app.
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Actor } from "../../access/actor";
import { assertAdministrator } from "../../access/administrators";
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import { AppError } from "../../errors";
import { clientWith, linearConfig, requestTokens, sealedTokens } from "./client";

/** Being assigned and mentioned (app:assignable, app:mentionable) needs actor=app. */
export const LINEAR_SCOPES = ["read", "write", "app:assignable", "app:mentionable"];
export const STATE_COOKIE = "nightshift-linear-state";

export const callbackUrl = (env: Env) => `${env.controlPlaneUrl}/api/linear/callback`;

/** Where to send the administrator, and the state to keep in their cookie until they return. */
export function startInstall(actor: Actor, env: Env = getEnv()): { url: string; state: string } {
  assertAdministrator(actor, "install the Linear agent", env);
  const config = linearConfig(env);
  const state = randomBytes(24).toString("base64url");
  const url = new URL(config.authorizeUrl);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    redirect_uri: callbackUrl(env),
    response_type: "code",
    scope: LINEAR_SCOPES.join(","),
    actor: "app",
    state,
    prompt: "consent",
  }).toString();
  return { url: url.toString(), state };
}

/** The administrator is back from Linear: the code becomes the workspace's installation. */
export async function finishInstall(
  answer: {
    actor: Actor;
    code: string | null;
    state: string | null;
    expectedState: string | undefined;
    error: string | null;
  },
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<{ organizationName: string }> {
  assertAdministrator(answer.actor, "install the Linear agent", env);
  if (answer.error) throw AppError.field("code", `Linear did not install the agent: ${answer.error.slice(0, 200)}.`);
  if (!answer.state || !answer.expectedState || !sameText(answer.state, answer.expectedState))
    throw AppError.field("state", "This return from Linear is not the one this browser started; install again.");
  if (!answer.code) throw AppError.field("code", "Linear sent no code back; install again.");
  const config = linearConfig(env);
  const tokens = await requestTokens(config, {
    grant_type: "authorization_code",
    code: answer.code,
    redirect_uri: callbackUrl(env),
  });
  const client = clientWith(config, tokens.access_token);
  const [viewer, organization] = await Promise.all([client.viewer, client.organization]);
  const data = { organizationName: organization.name, appUserId: viewer.id, scopes: LINEAR_SCOPES.join(",") };
  await db.linearInstallation.upsert({
    where: { organizationId: organization.id },
    create: {
      organizationId: organization.id,
      ...data,
      installedById: answer.actor.id,
      ...sealedTokens(tokens, env),
    },
    update: { ...data, installedById: answer.actor.id, ...sealedTokens(tokens, env) },
  });
  return { organizationName: organization.name };
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
