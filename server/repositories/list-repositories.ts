import { githubRepositories, unreadableRepositoryIds } from "../git/repository-access";
import { type DbClient, getDb } from "../db";
import { type RepositorySummary, repositorySelect } from "./repository-select";

/** Every repository of this organisation that `viewerId` may read, newest first. */
export async function listRepositories(options: { viewerId: string }, db: DbClient = getDb()): Promise<RepositorySummary[]> {
  const hidden = await unreadableRepositoryIds(options.viewerId, await githubRepositories(db), db);
  return db.repository.findMany({
    where: hidden.length > 0 ? { id: { notIn: hidden } } : {},
    select: repositorySelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
}
