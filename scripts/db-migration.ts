// `npm run db:migration -- <name> [--empty]`: writes prisma/migrations/<timestamp>_<name>/migration.sql
// with the SQL that takes the committed migrations to prisma/schema.prisma. It works on a
// throwaway in-memory PGlite, so it needs no database and never touches yours; apply the
// result with `npm run db:migrate`. `--empty` writes an empty migration for hand-written SQL.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { MIGRATIONS_DIR, readMigrationFiles } from "../server/database/migration-files";
import { loadSchemaEngine } from "./lib/schema-engine";

const SCHEMA_PATH = path.resolve("prisma", "schema.prisma");
const LOCKFILE = "migration_lock.toml";
const LOCKFILE_CONTENT = '# Written by npm run db:migration. Do not edit.\nprovider = "postgresql"\n';
const NAME_PATTERN = /^[a-z0-9][a-z0-9_]{0,62}$/;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const isEmpty = args.includes("--empty");
  const name = args.find((arg) => !arg.startsWith("--"));
  if (!name || !NAME_PATTERN.test(name)) {
    console.error(
      "Usage: npm run db:migration -- <name> [--empty]\n" +
        "  <name>: lowercase letters, digits and underscores, e.g. add_sessions",
    );
    return 2;
  }

  const schema = await readFile(SCHEMA_PATH, "utf8");
  const migrations = await readMigrationFiles();
  const migrationsList = {
    baseDir: MIGRATIONS_DIR,
    lockfile: {
      path: LOCKFILE,
      content: await readFile(path.join(MIGRATIONS_DIR, LOCKFILE), "utf8").catch(() => null),
    },
    shadowDbInitScript: "",
    migrationDirectories: migrations.map((migration) => ({
      path: migration.name,
      migrationFile: { path: "migration.sql", content: { tag: "ok" as const, value: migration.sql } },
    })),
  };

  const pglite = await PGlite.create();
  const SchemaEngine = await loadSchemaEngine();
  const engine = await SchemaEngine.new(
    { datamodels: [[SCHEMA_PATH, schema]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(pglite)),
  );
  const filters = { externalTables: [], externalEnums: [] };
  const schemaFiles = [{ path: SCHEMA_PATH, content: schema }];
  try {
    // Bring the throwaway database to the committed history, then diff that live database
    // against the schema. (The engine's createMigration would need a shadow database, which
    // this WebAssembly build cannot get from a driver adapter once a history exists.)
    await engine.applyMigrations({ migrationsList, filters });
    const diff = isEmpty
      ? { stdout: "-- Write this migration's SQL here.\n" }
      : await engine.diff({
          from: { tag: "schemaDatasource", files: schemaFiles, configDir: process.cwd() },
          to: { tag: "schemaDatamodel", files: schemaFiles },
          script: true,
          exitCode: null,
          filters,
        });
    const script = diff.stdout ?? "";
    if (!isEmpty && isEmptyScript(script)) {
      console.log("No schema changes since the last migration: nothing written.");
      return 0;
    }
    const directory = path.join(MIGRATIONS_DIR, `${timestamp(new Date())}_${name}`);
    await mkdir(directory, { recursive: true });
    await writeFile(path.join(directory, "migration.sql"), script);
    await writeFile(path.join(MIGRATIONS_DIR, LOCKFILE), LOCKFILE_CONTENT);
    console.log(`Created ${path.relative(process.cwd(), directory)}/migration.sql — apply it with npm run db:migrate.`);
    return 0;
  } finally {
    engine.free();
    await pglite.close();
  }
}

/** The engine answers an empty diff with a comment line only. */
function isEmptyScript(script: string): boolean {
  return script
    .split("\n")
    .map((line) => line.trim())
    .every((line) => line === "" || line.startsWith("--"));
}

/** Prisma's migration directory prefix: UTC `YYYYMMDDHHMMSS`. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("db:migration failed:", error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
