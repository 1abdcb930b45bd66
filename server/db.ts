import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { getEnv } from "./env";
import { PrismaClient } from "./generated/prisma/client";

export type Db = PrismaClient;
/** A Prisma transaction client, for services that compose inside a caller's transaction. */
export type DbTransaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
export type DbClient = Db | DbTransaction;

const globalForDb = globalThis as unknown as { nightshiftDb?: PrismaClient };

/** A Prisma client for a database URL (scripts that found the database themselves use this). */
export function createDbClient(url: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
}

function createDb(): PrismaClient {
  const url = getEnv().DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Start Nightshift with `npm run dev` or `npm start`, which start the " +
        "embedded database, or set DATABASE_URL to a Postgres database.",
    );
  }
  return createDbClient(url);
}

/** The shared Prisma client, created on first use (kept across hot reloads in development). */
export function getDb(): PrismaClient {
  globalForDb.nightshiftDb ??= createDb();
  return globalForDb.nightshiftDb;
}

/** Runs `work` in a transaction: a new one, or the caller's when `db` is already a transaction. */
export function inTransaction<T>(db: DbClient, work: (tx: DbTransaction) => Promise<T>): Promise<T> {
  return "$transaction" in db ? db.$transaction(work) : work(db);
}
