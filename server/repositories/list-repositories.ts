import { type DbClient, getDb } from "../db";
import { type RepositorySummary, repositorySelect } from "./repository-select";

/** Every repository of this organisation, newest first. */
export function listRepositories(db: DbClient = getDb()): Promise<RepositorySummary[]> {
  return db.repository.findMany({ select: repositorySelect, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
}
