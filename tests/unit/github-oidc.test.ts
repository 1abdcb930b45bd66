// GitHub Actions OIDC tokens, verified against an issuer played here: its OpenID configuration
// and key set served over HTTP, as GitHub serves them, and tokens signed with its key — or with
// another key, for another audience, expired, from another issuer, or without a run's claims.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyGithubOidcToken } from "@/server/access/github-oidc";

type Key = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

let server: Server;
let issuer: string;
let key: Key;
let otherKey: Key;
const AUDIENCE = "https://nightshift.example.com";

beforeAll(async () => {
  const pair = await generateKeyPair("RS256");
  key = pair.privateKey;
  otherKey = (await generateKeyPair("RS256")).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  server = createServer((request, response) => {
    response.setHeader("content-type", "application/json");
    if (request.url === "/.well-known/openid-configuration")
      return response.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/.well-known/jwks` }));
    if (request.url === "/.well-known/jwks") return response.end(JSON.stringify({ keys: [jwk] }));
    response.statusCode = 404;
    response.end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const RUN_CLAIMS = {
  repository: "acme/widgets",
  repository_id: "4242",
  repository_owner: "acme",
  repository_owner_id: "77",
  actor: "ada",
  actor_id: "1001",
  run_id: "123456",
  run_attempt: "1",
  workflow_ref: "acme/widgets/.github/workflows/nightshift.yml@refs/heads/main",
  event_name: "workflow_dispatch",
  ref: "refs/heads/main",
  sha: "0123456789abcdef0123456789abcdef01234567",
  sub: "repo:acme/widgets:ref:refs/heads/main",
};

async function token(
  options: {
    claims?: JWTPayload;
    signWith?: Key;
    kid?: string;
    audience?: string;
    issuer?: string;
    expiresIn?: string;
  } = {},
) {
  return new SignJWT(options.claims ?? RUN_CLAIMS)
    .setProtectedHeader({ alg: "RS256", kid: options.kid ?? "k1" })
    .setIssuer(options.issuer ?? issuer)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "5m")
    .sign(options.signWith ?? key);
}

const verify = async (jwt: string, now?: Date) => verifyGithubOidcToken(jwt, { issuer, audience: AUDIENCE }, now);

describe("GitHub Actions OIDC tokens", () => {
  it("accepts the issuer's token for Nightshift's audience, and says which repository, run and person it speaks for", async () => {
    expect(await verify(await token())).toEqual({
      repository: "acme/widgets",
      repositoryId: "4242",
      repositoryOwnerId: "77",
      actor: "ada",
      actorId: "1001",
      runId: "123456",
      runAttempt: "1",
      workflowRef: "acme/widgets/.github/workflows/nightshift.yml@refs/heads/main",
      eventName: "workflow_dispatch",
      ref: "refs/heads/main",
      sha: "0123456789abcdef0123456789abcdef01234567",
    });
  });

  it("refuses each forgery with what was wrong", async () => {
    const refusal = async (jwt: string, now?: Date) => {
      const error = await verify(jwt, now).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toMatchObject({ code: "UNAUTHENTICATED" });
      return (error as Error).message;
    };
    expect(await refusal(await token({ signWith: otherKey }))).toBe(
      `The GitHub OIDC token was refused: its signature was not made by any key of ${issuer}.`,
    );
    expect(await refusal(await token({ signWith: otherKey, kid: "unknown" }))).toContain(
      `its signature was not made by any key of ${issuer}`,
    );
    expect(await refusal(await token({ audience: "https://github.com/acme" }))).toBe(
      `The GitHub OIDC token was refused: its audience is not "${AUDIENCE}" (ask for the token with that audience: core.getIDToken("${AUDIENCE}")).`,
    );
    expect(await refusal(await token(), new Date(Date.now() + 10 * 60_000))).toContain("it has expired");
    expect(await refusal(await token({ issuer: "https://token.actions.githubusercontent.com" }))).toContain(
      `it was not issued by ${issuer}`,
    );
    const { run_id: _runId, repository_id: _repositoryId, ...partial } = RUN_CLAIMS;
    expect(await refusal(await token({ claims: partial }))).toContain(
      "it lacks the claims of a GitHub Actions workflow run (repository_id, run_id)",
    );
    expect(await refusal("not-a-token")).toBe("The GitHub OIDC token was refused: it is not a JSON Web Token.");
  });

  it("says so when the issuer cannot be reached, rather than blaming the token", async () => {
    const error = await verifyGithubOidcToken(await token(), {
      issuer: "http://127.0.0.1:9",
      audience: AUDIENCE,
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "UNAVAILABLE" });
    expect((error as Error).message).toContain(
      "GitHub's OIDC issuer could not be reached at http://127.0.0.1:9/.well-known/openid-configuration",
    );
  });
});
