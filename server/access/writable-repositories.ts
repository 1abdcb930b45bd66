// The repositories a person may write to (start sessions on), oldest first: what the Slack bot
// chooses among and offers in its Home tab.
import { type DbClient, getDb } from "../db";
import { type HostedRepository, hostedRepositorySelect } from "../git/code-host";
import type { Actor } from "./actor";
import { repositoryAccess } from "./repository-access";

/** Of `repositories` (else every repository), those the person may write to, in the same order. */
export async function writableRepositories(
  actor: Actor,
  db: DbClient = getDb(),
  repositories?: HostedRepository[],
): Promise<HostedRepository[]> {
  const all =
    repositories ?? (await db.repository.findMany({ select: hostedRepositorySelect, orderBy: { createdAt: "asc" } }));
  const writable: HostedRepository[] = [];
  for (const repository of all) {
    // A code host that cannot say (an outage) is a repository not offered, rather than a failure.
    const access = await repositoryAccess(actor, repository).catch(() => "none" as const);
    if (access === "write") writable.push(repository);
  }
  return writable;
}
