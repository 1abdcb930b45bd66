import type { Actor } from "../access/actor";
import { unreadableRepositoryIds } from "../access/repository-access";
import { type DbClient, getDb } from "../db";
import { type RepositorySummary, repositorySelect } from "./repository-select";
import { syncGithubRepositoriesIfStale } from "./sync-github-repositories";

/** Every repository of this organisation that the actor may read, newest first (the GitHub App's brought up to date first). */
export async function listRepositories(
  options: { actor: Actor },
  db: DbClient = getDb(),
): Promise<RepositorySummary[]> {
  await syncGithubRepositoriesIfStale(db);
  const hidden = await unreadableRepositoryIds(options.actor, db);
  return db.repository.findMany({
    where: hidden.length > 0 ? { id: { notIn: hidden } } : {},
    select: repositorySelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
}
