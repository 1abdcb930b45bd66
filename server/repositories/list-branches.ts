import { assertRepositoryAccess } from "../git/repository-access";
import { type DbClient, getDb } from "../db";
import { AppError } from "../errors";
import { runGit } from "../git/local/run-git";

/** `viewerId`: the person asking, who must be allowed to read the repository. */
export type ListBranchesOptions = { repositoryId: string; viewerId: string };
export type BranchList = { defaultBranch: string; branches: string[] };

/** The branches a session can start from: the default branch first, then the others by name. */
export async function listBranches(options: ListBranchesOptions, db: DbClient = getDb()): Promise<BranchList> {
  const repository = await db.repository.findUnique({
    where: { id: options.repositoryId },
    select: { id: true, provider: true, externalId: true, owner: true, name: true, defaultBranch: true },
  });
  if (!repository) throw new AppError("NOT_FOUND", "That repository does not exist; it may have been removed.");
  await assertRepositoryAccess(options.viewerId, repository, "read", db);
  // GitHub repositories' branches come with the GitHub App; until then, their default branch.
  if (repository.provider !== "local") return { defaultBranch: repository.defaultBranch, branches: [repository.defaultBranch] };

  const found = await runGit(["for-each-ref", "--sort=refname", "--format=%(refname:lstrip=2)", "refs/heads"], { cwd: repository.externalId });
  if (!found.ok) {
    throw new AppError("UNAVAILABLE", `Could not read the branches of ${repository.name}: git cannot open ${repository.externalId}.`);
  }
  const names = found.stdout.split("\n").filter(Boolean);
  const others = names.filter((name) => name !== repository.defaultBranch);
  const branches = names.includes(repository.defaultBranch) ? [repository.defaultBranch, ...others] : others;
  return { defaultBranch: repository.defaultBranch, branches };
}
