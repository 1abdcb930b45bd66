import type { Actor } from "../access/actor";
import { unreadableRepositoryIds } from "../access/repository-access";
import { type DbClient, getDb } from "../db";
import { codeHostFor } from "../git/code-host";
import { mayRemoveRepository } from "./remove-repository";
import { type RepositorySummary, repositorySelect } from "./repository-select";
import { syncGithubRepositoriesIfStale } from "./sync-github-repositories";

/** A repository as the person asking sees it: its name as people say it, and whether they may remove it. */
export type RepositoryView = RepositorySummary & { displayName: string; canRemove: boolean };

/** Every repository of this organisation that the actor may read, newest first (the GitHub App's brought up to date first). */
export async function listRepositories(options: { actor: Actor }, db: DbClient = getDb()): Promise<RepositoryView[]> {
  await syncGithubRepositoriesIfStale(db);
  const hidden = await unreadableRepositoryIds(options.actor, db);
  const rows = await db.repository.findMany({
    where: hidden.length > 0 ? { id: { notIn: hidden } } : {},
    select: repositorySelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return rows.map((row) => ({
    ...row,
    displayName: codeHostFor(row).displayName(row),
    canRemove: mayRemoveRepository(options.actor, { addedById: row.addedBy?.id ?? null }),
  }));
}
