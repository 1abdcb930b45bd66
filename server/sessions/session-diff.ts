// What a session changed: its working branch against its base, as git shows it. For local
// repositories the branch is the one the sandbox pushed to the repository on disk; a session
// that has pushed nothing yet has no changes.
import { type DbClient, getDb } from "../db";
import { AppError } from "../errors";
import { runGit } from "../git/local/run-git";

export const MAX_DIFF_BYTES = 400_000;

export type ChangedFile = { path: string; additions: number; deletions: number };
export type SessionDiff = { files: ChangedFile[]; patch: string; isTruncated: boolean };

export async function sessionDiff(options: { sessionId: string }, db: DbClient = getDb()): Promise<SessionDiff> {
  const session = await db.session.findUnique({
    where: { id: options.sessionId },
    select: { branch: true, baseBranch: true, repository: { select: { provider: true, externalId: true } } },
  });
  if (!session) throw new AppError("NOT_FOUND", "That session does not exist.");
  if (session.repository.provider !== "local") return { files: [], patch: "", isTruncated: false };
  const cwd = session.repository.externalId;
  const pushed = await runGit(["rev-parse", "--verify", "--quiet", `refs/heads/${session.branch}^{commit}`], { cwd });
  if (!pushed.ok) return { files: [], patch: "", isTruncated: false };

  const range = `refs/heads/${session.baseBranch}...refs/heads/${session.branch}`;
  const [numstat, patch] = await Promise.all([
    runGit(["diff", "--numstat", range], { cwd }),
    runGit(["diff", range], { cwd }),
  ]);
  if (!numstat.ok || !patch.ok)
    throw new AppError("UNAVAILABLE", `git could not compare ${session.branch} with ${session.baseBranch}.`);
  const files = numstat.stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [additions = "0", deletions = "0", ...rest] = line.split("\t");
      return { path: rest.join("\t"), additions: Number(additions) || 0, deletions: Number(deletions) || 0 };
    });
  const isTruncated = patch.stdout.length > MAX_DIFF_BYTES;
  return { files, patch: isTruncated ? patch.stdout.slice(0, MAX_DIFF_BYTES) : patch.stdout, isTruncated };
}
