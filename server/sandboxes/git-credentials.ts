// Credentials for a sandbox's git, asked for by the bridge's credential helper each time git
// needs them: what the session's code host gives (for GitHub, an installation token for that
// repository alone; for a local repository, a password for this sandbox's requests to the
// control plane's git endpoint — each valid for an hour at most and never written into the
// sandbox). A repository that needs none answers 404, which the helper takes as "no credentials".
import type { GitCredentialsReply } from "../../sandbox/bridge/protocol";
import { type DbClient, getDb } from "../db";
import { AppError } from "../errors";
import { codeHostFor, hostedRepositorySelect } from "../git/code-host";
import type { AuthenticatedSandbox } from "./bridge-service";

export async function gitCredentials(
  sandbox: AuthenticatedSandbox,
  db: DbClient = getDb(),
): Promise<GitCredentialsReply> {
  const { repository } = await db.session.findUniqueOrThrow({
    where: { id: sandbox.sessionId },
    select: { repository: { select: hostedRepositorySelect } },
  });
  const credentials = await codeHostFor(repository).gitCredentials(repository, { id: sandbox.id });
  if (!credentials) throw new AppError("NOT_FOUND", "This sandbox's repository needs no credentials.");
  return credentials;
}
