// Serves POST /api/v1/auth/github-oidc: a GitHub Actions workflow's OIDC token, verified, for a
// workflow token that reaches its repository's sessions for an hour (docs/github-action.md).
// The OIDC token is the credential, so this endpoint takes no bearer token.
import { exchangeGithubOidcToken } from "@/server/access/workflow-tokens";
import { getDb } from "@/server/db";
import { getEnv } from "@/server/env";
import { errorResponse, readBody } from "@/server/http/api-handler";
import { githubOidcExchangeBody } from "@/server/http/v1-schemas";

export async function POST(req: Request): Promise<Response> {
  try {
    const { token } = await readBody(req, githubOidcExchangeBody);
    const grant = await exchangeGithubOidcToken(token, getDb(), getEnv());
    return Response.json(grant, { status: 201 });
  } catch (error) {
    return errorResponse(error, req);
  }
}
