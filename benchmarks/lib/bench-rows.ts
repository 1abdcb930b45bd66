// The rows a benchmark works on, written straight to the database: a person, a local repository
// row (no git behind it) and sessions on it.
import { randomBytes } from "node:crypto";
import type { DbClient } from "../../server/db";

const key = () => randomBytes(4).toString("hex");

export async function benchPerson(db: DbClient) {
  return db.user.create({ data: { name: "Bench", email: `bench-${key()}@example.com` } });
}

export async function benchRepository(db: DbClient, addedById: string) {
  return db.repository.create({
    data: {
      provider: "local",
      externalId: `/bench/${key()}`,
      owner: "local",
      name: "bench",
      defaultBranch: "main",
      addedById,
    },
  });
}

export async function benchSession(db: DbClient, repositoryId: string, createdById: string) {
  return db.session.create({
    data: {
      repositoryId,
      baseBranch: "main",
      branch: `nightshift/bench-${key()}`,
      model: "custom/fake-coder",
      createdById,
    },
  });
}
