import { assertRepositoryAccess } from "../git/repository-access";
import { type DbClient, getDb } from "../db";
import { AppError } from "../errors";
import { getGithubApp, installationOctokit } from "../git/github/github-app";
import { runGit } from "../git/local/run-git";

/** `viewerId`: the person asking, who must be allowed to read the repository. */
export type ListBranchesOptions = { repositoryId: string; viewerId: string };
/** `defaultBaseBranch`: what a new session starts from unless it names a branch (the repository's setting, else its default branch). */
export type BranchList = { defaultBranch: string; defaultBaseBranch: string; branches: string[] };

/** The branches a session can start from: the default branch first, then the others by name. */
export async function listBranches(options: ListBranchesOptions, db: DbClient = getDb()): Promise<BranchList> {
  const repository = await db.repository.findUnique({
    where: { id: options.repositoryId },
    select: {
      id: true,
      provider: true,
      externalId: true,
      owner: true,
      name: true,
      defaultBranch: true,
      installationId: true,
      settings: { select: { defaultBaseBranch: true } },
    },
  });
  if (!repository) throw new AppError("NOT_FOUND", "That repository does not exist; it may have been removed.");
  await assertRepositoryAccess(options.viewerId, repository, "read", db);
  const defaults = {
    defaultBranch: repository.defaultBranch,
    defaultBaseBranch: repository.settings?.defaultBaseBranch ?? repository.defaultBranch,
  };
  if (repository.provider === "github")
    return { ...defaults, branches: defaultFirst(repository.defaultBranch, await githubBranches(repository)) };

  const found = await runGit(["for-each-ref", "--sort=refname", "--format=%(refname:lstrip=2)", "refs/heads"], {
    cwd: repository.externalId,
  });
  if (!found.ok) {
    throw new AppError(
      "UNAVAILABLE",
      `Could not read the branches of ${repository.name}: git cannot open ${repository.externalId}.`,
    );
  }
  return { ...defaults, branches: defaultFirst(repository.defaultBranch, found.stdout.split("\n").filter(Boolean)) };
}

function defaultFirst(defaultBranch: string, names: string[]): string[] {
  const others = names.filter((name) => name !== defaultBranch).sort();
  return names.includes(defaultBranch) ? [defaultBranch, ...others] : others;
}

async function githubBranches(repository: {
  owner: string;
  name: string;
  installationId: bigint | null;
}): Promise<string[]> {
  if (repository.installationId === null) {
    throw new AppError(
      "PRECONDITION_FAILED",
      `The GitHub App can no longer reach ${repository.owner}/${repository.name}; install it on the repository again.`,
    );
  }
  try {
    const octokit = await installationOctokit(getGithubApp(), Number(repository.installationId));
    const branches = await octokit.paginate(octokit.rest.repos.listBranches, {
      owner: repository.owner,
      repo: repository.name,
      per_page: 100,
    });
    return branches.map((branch) => branch.name);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(
      "UNAVAILABLE",
      `Could not read the branches of ${repository.owner}/${repository.name} from GitHub: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}
