// Rows for integration tests, under random keys: tests run in parallel and never truncate tables.
import { getDb } from "@/server/db";
import { createGitRepository, type GitRepositoryOptions, randomKey } from "./support/git-repositories";

export { createGitRepository, git, randomKey, temporaryDir } from "./support/git-repositories";

export async function createUser(overrides: { name?: string; email?: string } = {}) {
  const key = randomKey();
  return getDb().user.create({
    data: { name: overrides.name ?? `Person ${key}`, email: overrides.email ?? `person-${key}@example.com` },
    select: { id: true, name: true, email: true, image: true, githubLogin: true },
  });
}

/** A local repository row backed by a real git repository on disk. */
export async function createLocalRepository(addedById: string, options: GitRepositoryOptions = {}) {
  const { addLocalRepository } = await import("@/server/repositories/add-local-repository");
  return addLocalRepository({ path: await createGitRepository(options), addedById });
}

/** A session on a fresh local repository, opened by `user`. */
export async function createSessionFor(user: { id: string }) {
  const { createSession } = await import("@/server/sessions/create-session");
  const repository = await createLocalRepository(user.id);
  return createSession({ repositoryId: repository.id, createdById: user.id });
}
