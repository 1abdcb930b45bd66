// Credentials for a sandbox's git, asked for by the bridge's credential helper each time git
// needs them: for a GitHub repository, an installation token for that repository alone, valid
// for an hour at most and never written into the sandbox. Local repositories need none.
import type { GitCredentialsReply } from "../../sandbox/bridge/protocol";
import { type DbClient, getDb } from "../db";
import { type Env, getEnv } from "../env";
import { AppError } from "../errors";
import { getGithubApp, repositoryToken } from "../git/github/github-app";
import type { AuthenticatedSandbox } from "./bridge-service";

export async function gitCredentials(
  sandbox: AuthenticatedSandbox,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<GitCredentialsReply> {
  const { repository } = await db.session.findUniqueOrThrow({
    where: { id: sandbox.sessionId },
    select: { repository: { select: { provider: true, owner: true, name: true, installationId: true } } },
  });
  if (repository.provider !== "github")
    throw new AppError("NOT_FOUND", "This sandbox's repository is local: git needs no credentials for it.");
  if (repository.installationId === null) {
    throw new AppError(
      "PRECONDITION_FAILED",
      `The GitHub App can no longer reach ${repository.owner}/${repository.name}; install it on the repository again.`,
    );
  }
  const { token, expiresAt } = await repositoryToken(
    getGithubApp(env),
    Number(repository.installationId),
    repository.name,
  );
  return { username: "x-access-token", password: token, expiresAt };
}
