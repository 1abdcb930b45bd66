import { type DbClient, getDb } from "../db";
import { AppError } from "../errors";

export type RemoveRepositoryOptions = { id: string };

/** Removes a repository from Nightshift; the repository itself on disk or on GitHub is untouched. */
export async function removeRepository(options: RemoveRepositoryOptions, db: DbClient = getDb()): Promise<{ id: string }> {
  const { count } = await db.repository.deleteMany({ where: { id: options.id } });
  if (count === 0) throw new AppError("NOT_FOUND", "That repository does not exist; it may have been removed already.");
  return { id: options.id };
}
