// Verifying a GitHub Actions OIDC token: the JWT a workflow with `permissions: id-token: write`
// gets from the runner, signed by GitHub's OIDC issuer. Its keys are found the OpenID way (the
// issuer's /.well-known/openid-configuration names its JWKS), so the issuer is configurable for
// GitHub Enterprise Server and for tests. A token is trusted only with the expected issuer and
// audience, a valid signature and time; a refusal says which of these failed and what to fix.
// The repository is identified by its numeric id as well as its name: a name can be re-used by
// someone else after a rename or a deletion, an id cannot.
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from "jose";
import { z } from "zod";
import { AppError } from "../errors";

export type GithubOidcConfig = {
  /** The token issuer: https://token.actions.githubusercontent.com on github.com. */
  issuer: string;
  /** The audience the action asks its token for; a token for another service is refused. */
  audience: string;
};

/** What Nightshift uses of a verified token. */
export type GithubOidcIdentity = {
  repository: string;
  repositoryId: string;
  repositoryOwnerId: string;
  /** The person who triggered the run (their GitHub login). */
  actor: string;
  actorId: string;
  /** The workflow run, for the link shown with the session's prompt. */
  runId: string;
  runAttempt: string;
  workflowRef: string;
  eventName: string;
  ref: string;
  sha: string;
};

const claimsSchema = z.object({
  repository: z.string().regex(/^[^/\s]+\/[^/\s]+$/),
  repository_id: z.string().min(1),
  repository_owner_id: z.string().min(1),
  actor: z.string().min(1),
  actor_id: z.string().min(1),
  run_id: z.string().min(1),
  run_attempt: z.string().min(1),
  workflow_ref: z.string().min(1),
  event_name: z.string().min(1),
  ref: z.string(),
  sha: z.string(),
});

const CLOCK_TOLERANCE_SECONDS = 60;

type KeySet = ReturnType<typeof createRemoteJWKSet>;
const keySets = new Map<string, Promise<KeySet>>();

/** The issuer's key set, found through its OpenID configuration once and then cached (jose refreshes the keys). */
function keySetOf(issuer: string): Promise<KeySet> {
  let found = keySets.get(issuer);
  if (!found) {
    found = discoverKeySet(issuer);
    keySets.set(issuer, found);
    // A failed discovery is tried again at the next token, not remembered.
    found.catch(() => keySets.delete(issuer));
  }
  return found;
}

async function discoverKeySet(issuer: string): Promise<KeySet> {
  const where = `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await fetch(where, { signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new AppError("UNAVAILABLE", `GitHub's OIDC issuer could not be reached at ${where}: ${String(error)}.`);
  }
  const parsed = z.object({ jwks_uri: z.url() }).safeParse(await response.json().catch(() => null));
  if (!response.ok || !parsed.success)
    throw new AppError("UNAVAILABLE", `GitHub's OIDC issuer at ${where} did not answer with its keys' address.`);
  return createRemoteJWKSet(new URL(parsed.data.jwks_uri));
}

/**
 * Verifies a GitHub Actions OIDC token; returns who and what it speaks for. Refuses it with
 * UNAUTHENTICATED and the reason: a signature no key of the issuer made, another issuer, another
 * audience, expired or not valid yet, or claims missing.
 */
export async function verifyGithubOidcToken(
  token: string,
  config: GithubOidcConfig,
  now: Date = new Date(),
): Promise<GithubOidcIdentity> {
  const refuse = (why: string) => new AppError("UNAUTHENTICATED", `The GitHub OIDC token was refused: ${why}.`);
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) throw refuse("it is not a JSON Web Token");
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, await keySetOf(config.issuer), {
      issuer: config.issuer,
      audience: config.audience,
      algorithms: ["RS256"],
      currentDate: now,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ["exp", "iat"],
    }));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw refuse(reasonOf(error, config));
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success)
    throw refuse(
      `it lacks the claims of a GitHub Actions workflow run (${claims.error.issues.map((issue) => issue.path.join(".")).join(", ")})`,
    );
  const c = claims.data;
  return {
    repository: c.repository,
    repositoryId: c.repository_id,
    repositoryOwnerId: c.repository_owner_id,
    actor: c.actor,
    actorId: c.actor_id,
    runId: c.run_id,
    runAttempt: c.run_attempt,
    workflowRef: c.workflow_ref,
    eventName: c.event_name,
    ref: c.ref,
    sha: c.sha,
  };
}

function reasonOf(error: unknown, config: GithubOidcConfig): string {
  if (error instanceof errors.JWTExpired)
    return "it has expired (a workflow's token lasts minutes: ask for it just before use)";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "aud")
      return `its audience is not "${config.audience}" (ask for the token with that audience: core.getIDToken("${config.audience}"))`;
    if (error.claim === "iss") return `it was not issued by ${config.issuer}`;
    if (error.claim === "nbf" || error.claim === "iat") return "it is not valid yet";
    return `its "${error.claim}" claim is not valid (${error.reason})`;
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWSSignatureVerificationFailed)
    return `its signature was not made by any key of ${config.issuer}`;
  if (error instanceof errors.JOSEAlgNotAllowed) return "it is not signed with RS256, as GitHub signs its tokens";
  if (error instanceof errors.JOSEError) return `it could not be verified (${error.code})`;
  return "it could not be verified";
}
