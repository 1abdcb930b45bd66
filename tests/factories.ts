// Rows for integration tests, under random keys: tests run in parallel and never truncate tables.
import { getDb } from "@/server/db";
import { randomKey } from "./support/git-repositories";

export { createGitRepository, git, randomKey, temporaryDir } from "./support/git-repositories";

export async function createUser(overrides: { name?: string; email?: string } = {}) {
  const key = randomKey();
  return getDb().user.create({
    data: { name: overrides.name ?? `Person ${key}`, email: overrides.email ?? `person-${key}@example.com` },
    select: { id: true, name: true, email: true, image: true, githubLogin: true },
  });
}
