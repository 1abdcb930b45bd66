// The repositories a person may write to (start sessions on), oldest first: what the Slack bot
// offers and chooses among.
import { type DbClient, getDb } from "../db";
import { type HostedRepository, hostedRepositorySelect } from "../git/code-host";
import type { Actor } from "./actor";
import { repositoryAccess } from "./repository-access";

export async function writableRepositories(actor: Actor, db: DbClient = getDb()): Promise<HostedRepository[]> {
  const repositories = await db.repository.findMany({ select: hostedRepositorySelect, orderBy: { createdAt: "asc" } });
  const writable: HostedRepository[] = [];
  for (const repository of repositories) {
    // A code host that cannot say (an outage) is a repository not offered, rather than no Home tab.
    const access = await repositoryAccess(actor, repository).catch(() => "none" as const);
    if (access === "write") writable.push(repository);
  }
  return writable;
}
