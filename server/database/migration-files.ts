import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** Where the committed SQL migrations live, relative to the project root. */
export const MIGRATIONS_DIR = path.resolve(process.cwd(), "prisma", "migrations");

export type MigrationFile = {
  /** The directory name, e.g. `20261123002000_init`; migrations apply in this order. */
  name: string;
  sql: string;
  /** SHA-256 of the SQL, hex: the same checksum Prisma records in `_prisma_migrations`. */
  checksum: string;
};

export function migrationChecksum(sql: string): string {
  return createHash("sha256").update(sql).digest("hex");
}

/** Reads every `<dir>/<name>/migration.sql`, sorted by name. */
export async function readMigrationFiles(dir: string = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: migrationChecksum(sql) };
    }),
  );
}
