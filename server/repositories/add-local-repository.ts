import path from "node:path";
import type { Actor } from "../access/actor";
import { type DbClient, getDb } from "../db";
import { getEnv } from "../env";
import { AppError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { inspectLocalRepository } from "../git/local/inspect-repository";
import { localRepositoriesRefusal } from "../settings/instance-settings";
import { type RepositorySummary, repositorySelect } from "./repository-select";

export type AddLocalRepositoryOptions = { path: string; actor: Actor };

/**
 * Adds a git repository on this machine by its path: anyone signed in may, where local
 * repositories are on (no GitHub App, or an administrator allowed them beside it). Every
 * refusal writes nothing.
 */
export async function addLocalRepository(
  options: AddLocalRepositoryOptions,
  db: DbClient = getDb(),
): Promise<RepositorySummary> {
  const refusal = await localRepositoriesRefusal(db);
  if (refusal) throw new AppError("FORBIDDEN", refusal);
  const inspection = await inspectLocalRepository(options.path, path.resolve(getEnv().NIGHTSHIFT_DATA_DIR));
  if (!inspection.ok) throw AppError.field("path", inspection.message);
  const { repository } = inspection;

  const existing = await db.repository.findUnique({
    where: { provider_externalId: { provider: "local", externalId: repository.path } },
    select: repositorySelect,
  });
  if (existing) throw alreadyAdded(existing);

  try {
    return await db.repository.create({
      data: {
        provider: "local",
        externalId: repository.path,
        owner: "local",
        name: repository.name,
        defaultBranch: repository.defaultBranch,
        description: repository.description,
        addedById: options.actor.id,
      },
      select: repositorySelect,
    });
  } catch (error) {
    // Someone added the same repository between our check and our insert.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw AppError.field("path", `${repository.path} is already added.`, "CONFLICT");
    }
    throw error;
  }
}

function alreadyAdded(existing: RepositorySummary): AppError {
  const by = existing.addedBy?.name ?? existing.addedBy?.email;
  return AppError.field(
    "path",
    `This repository is already added, as ${existing.name}${by ? ` by ${by}` : ""}.`,
    "CONFLICT",
  );
}
