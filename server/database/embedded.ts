// The embedded database: PGlite (Postgres compiled to WebAssembly) with its data in a local
// directory, served over the Postgres wire protocol on loopback, so the application connects
// to it exactly as it would to a Postgres server.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { redactUrl } from "./describe-database";
import { keepExtendedQueriesTogether } from "./pglite-socket-queue";

export type EmbeddedDatabase = {
  url: string;
  port: number;
  dataDir: string | undefined;
  stop: () => Promise<void>;
};

export type StartEmbeddedDatabaseOptions = {
  /** Where the data lives; omit for an in-memory database (tests). */
  dataDir?: string;
  /** 0 picks a free port. */
  port?: number;
};

export class EmbeddedDatabaseBusyError extends Error {
  override name = "EmbeddedDatabaseBusyError";
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another Nightshift process (pid ${owner.pid}, ` +
        `serving ${redactUrl(owner.url)}). Stop that one first, or set NIGHTSHIFT_DATA_DIR to use another directory.`,
    );
  }
}

type LockOwner = { pid: number; url: string };

// Enough for the app's pool, a job worker and a migrator at once; PGlite runs one query at a
// time, and the socket server holds other connections back while one is in a transaction.
const MAX_CONNECTIONS = 40;

export async function startEmbeddedDatabase(options: StartEmbeddedDatabaseOptions = {}): Promise<EmbeddedDatabase> {
  const dataDir = options.dataDir ? path.resolve(options.dataDir) : undefined;
  if (dataDir) {
    await mkdir(dataDir, { recursive: true });
    const owner = await readLiveLockOwner(dataDir);
    if (owner) throw new EmbeddedDatabaseBusyError(dataDir, owner);
  }

  const db = await PGlite.create(dataDir ?? "memory://");
  const server = new PGLiteSocketServer({
    db,
    port: options.port ?? 0,
    host: "127.0.0.1",
    maxConnections: MAX_CONNECTIONS,
  });
  keepExtendedQueriesTogether(server);
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  const port = Number(server.getServerConn().split(":").pop());
  const url = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
  if (dataDir) await writeFile(lockPath(dataDir), JSON.stringify({ pid: process.pid, url } satisfies LockOwner));

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await server.stop();
      await db.close();
      if (dataDir) await rm(lockPath(dataDir), { force: true });
    })();
    return stopping;
  };
  return { url, port, dataDir, stop };
}

/** The running embedded database for this data directory, if a live process owns it. */
export async function readLiveLockOwner(dataDir: string): Promise<LockOwner | undefined> {
  const content = await readFile(lockPath(path.resolve(dataDir)), "utf8").catch(() => undefined);
  if (!content) return undefined;
  const owner = JSON.parse(content) as LockOwner;
  try {
    process.kill(owner.pid, 0);
    return owner;
  } catch (error) {
    // EPERM: alive but another user's. Anything else: a stale lock from a process that died.
    return (error as NodeJS.ErrnoException).code === "EPERM" ? owner : undefined;
  }
}

function lockPath(dataDir: string): string {
  return `${dataDir}.lock`;
}
