// Who may do what on a repository: a person may see a repository's sessions only if they can
// read the repository, and prompt in them only if they can write to it. Local repositories are
// open to every signed-in person (one organisation, one machine); on GitHub the person's own
// token is asked, and the answer kept for a few minutes. docs/github.md#access.
import { type DbClient, getDb } from "../db";
import { type Env, getEnv } from "../env";
import { AppError } from "../errors";
import type { RepositoryProvider } from "../generated/prisma/client";
import { githubAccess } from "./github/github-access";

export type Access = "none" | "read" | "write";
export type RepositoryRef = { id: string; provider: RepositoryProvider; owner: string; name: string };

/** How long an answer from GitHub is trusted; granting or revoking access shows within this. */
export const ACCESS_CACHE_MS = 3 * 60_000;
/** At most this many questions to GitHub at once when a list is filtered. */
const CONCURRENT_CHECKS = 8;

type Cached = { access: Access; expiresAt: number };
const store = globalThis as typeof globalThis & { nightshiftAccessCache?: Map<string, Cached> };
const cache = (store.nightshiftAccessCache ??= new Map());

export async function repositoryAccess(
  userId: string,
  repository: RepositoryRef,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<Access> {
  if (repository.provider === "local") return "write";
  const key = `${userId}:${repository.id}`;
  const cached = cache.get(key);
  if (cached && cached.expiresAt > Date.now()) return cached.access;
  const account = await db.account.findFirst({ where: { userId, provider: "github" }, select: { access_token: true } });
  const access = account?.access_token
    ? await githubAccess({
        token: account.access_token,
        apiUrl: env.githubApiUrl,
        owner: repository.owner,
        name: repository.name,
      })
    : "none";
  cache.set(key, { access, expiresAt: Date.now() + ACCESS_CACHE_MS });
  return access;
}

/** Refuses with FORBIDDEN, naming the permission that is missing, unless the person has `need`. */
export async function assertRepositoryAccess(
  userId: string,
  repository: RepositoryRef,
  need: "read" | "write",
  db: DbClient = getDb(),
): Promise<void> {
  const access = await repositoryAccess(userId, repository, db);
  if (access === "write" || (access === "read" && need === "read")) return;
  const where = `${repository.owner}/${repository.name} on GitHub`;
  const doing = need === "read" ? "see its sessions" : "prompt, steer or change its sessions and settings";
  const signedInWithGithub = await db.account.count({ where: { userId, provider: "github" } });
  if (!signedInWithGithub)
    throw new AppError(
      "FORBIDDEN",
      `Nightshift checks your access to ${where} with your GitHub sign-in: sign in with GitHub to ${doing}.`,
    );
  const youCan = access === "read" ? " (you can read it)" : "";
  throw new AppError("FORBIDDEN", `You need ${need} access to ${where} to ${doing}${youCan}.`);
}

/** The ids of those repositories the person may not read (to leave out of lists). */
export async function unreadableRepositoryIds(
  userId: string,
  repositories: RepositoryRef[],
  db: DbClient = getDb(),
): Promise<string[]> {
  const hidden: string[] = [];
  const queue = repositories.filter((repository) => repository.provider !== "local");
  const worker = async () => {
    for (let repository = queue.shift(); repository; repository = queue.shift()) {
      const access = await repositoryAccess(userId, repository, db).catch(() => "none" as const);
      if (access === "none") hidden.push(repository.id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_CHECKS, queue.length) }, worker));
  return hidden;
}

/** Every GitHub repository Nightshift has, as access checks need them. */
export function githubRepositories(db: DbClient = getDb()): Promise<RepositoryRef[]> {
  return db.repository.findMany({
    where: { provider: "github" },
    select: { id: true, provider: true, owner: true, name: true },
  });
}

/** Forgets what GitHub said (tests; a person who just signed in again). */
export function forgetAccess(userId?: string): void {
  if (!userId) return cache.clear();
  for (const key of cache.keys()) if (key.startsWith(`${userId}:`)) cache.delete(key);
}
