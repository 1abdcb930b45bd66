// What a person may do on a repository: see its sessions and settings (read), or prompt, steer
// and change them (write). The repository's code host answers (server/git/code-host.ts): on
// GitHub, GitHub itself with the person's own token; local repositories are open to everyone
// signed in. A grant another check made (the GitHub bot's) counts too. docs/access.md.
import { type DbClient, getDb } from "../db";
import { AppError } from "../errors";
import { type Access, codeHostFor, type HostedRepository, hostedRepositorySelect } from "../git/code-host";
import type { Actor } from "./actor";

export type Need = "read" | "write";

/** At most this many questions to code hosts at once when a list is filtered. */
const CONCURRENT_CHECKS = 8;

const satisfies = (access: Access, need: Need) => access === "write" || (access === "read" && need === "read");

export async function repositoryAccess(actor: Actor, repository: HostedRepository): Promise<Access> {
  if (actor.onlyRepositoryId !== undefined && actor.onlyRepositoryId !== repository.id) return "none";
  const granted = actor.grants?.find((grant) => grant.repositoryId === repository.id);
  if (granted) return granted.access;
  return codeHostFor(repository).access(actor.id, repository);
}

/** Refuses with FORBIDDEN, naming what is missing, unless the actor has `need` on the repository. */
export async function assertRepositoryAccess(actor: Actor, repository: HostedRepository, need: Need): Promise<void> {
  const access = await repositoryAccess(actor, repository);
  if (satisfies(access, need)) return;
  if (actor.onlyRepositoryId !== undefined && actor.onlyRepositoryId !== repository.id)
    throw new AppError("FORBIDDEN", "This workflow token reaches only the repository its workflow runs in.");
  throw new AppError(
    "FORBIDDEN",
    await codeHostFor(repository).refusal({ userId: actor.id, repository, need, access }),
  );
}

export type AuthorizeRepositoryOptions = {
  repositoryId: string;
  actor: Actor;
  need: Need;
  /** The input field that named the repository: a missing one is refused as that field's error. */
  field?: string;
};

/** The repository, once the actor is known to have `need` on it; NOT_FOUND or FORBIDDEN otherwise. */
export async function authorizeRepository(
  options: AuthorizeRepositoryOptions,
  db: DbClient = getDb(),
): Promise<HostedRepository> {
  const repository = await db.repository.findUnique({
    where: { id: options.repositoryId },
    select: hostedRepositorySelect,
  });
  if (!repository) {
    const message = "That repository does not exist; it may have been removed.";
    throw options.field ? AppError.field(options.field, message, "NOT_FOUND") : new AppError("NOT_FOUND", message);
  }
  await assertRepositoryAccess(options.actor, repository, options.need);
  return repository;
}

/** The ids of the repositories the actor may not read, to leave out of lists. */
export async function unreadableRepositoryIds(actor: Actor, db: DbClient = getDb()): Promise<string[]> {
  const queue = await db.repository.findMany({ select: hostedRepositorySelect });
  const hidden: string[] = [];
  const worker = async () => {
    for (let repository = queue.shift(); repository; repository = queue.shift()) {
      const access = await repositoryAccess(actor, repository).catch(() => "none" as const);
      if (access === "none") hidden.push(repository.id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_CHECKS, queue.length) }, worker));
  return hidden;
}
