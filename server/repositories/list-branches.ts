import type { Actor } from "../access/actor";
import { authorizeRepository } from "../access/repository-access";
import { type DbClient, getDb } from "../db";
import { codeHostFor } from "../git/code-host";

/** `actor`: the person asking, who must be allowed to read the repository. */
export type ListBranchesOptions = { repositoryId: string; actor: Actor };
/** `defaultBaseBranch`: what a new session starts from unless it names a branch (the repository's setting, else its default branch). */
export type BranchList = { defaultBranch: string; defaultBaseBranch: string; branches: string[] };

/** The branches a session can start from: the default branch first, then the others by name. */
export async function listBranches(options: ListBranchesOptions, db: DbClient = getDb()): Promise<BranchList> {
  const repository = await authorizeRepository(
    { repositoryId: options.repositoryId, actor: options.actor, need: "read" },
    db,
  );
  const settings = await db.repositorySettings.findUnique({
    where: { repositoryId: repository.id },
    select: { defaultBaseBranch: true },
  });
  const names = await codeHostFor(repository).listBranches(repository);
  const others = names.filter((name) => name !== repository.defaultBranch).sort();
  return {
    defaultBranch: repository.defaultBranch,
    defaultBaseBranch: settings?.defaultBaseBranch ?? repository.defaultBranch,
    branches: names.includes(repository.defaultBranch) ? [repository.defaultBranch, ...others] : others,
  };
}
