// The embedded database: PGlite (Postgres compiled to WebAssembly) with its data in a local
// directory, served over the Postgres wire protocol, so the application connects to it exactly as
// it would to a Postgres server.
//
// It is served on a Unix socket in a private directory, never on a TCP port: PGlite lets in any
// user without a password, so a port on loopback would be open to every process on the machine
// (another user's, a sandbox sharing the host's network). The directory is its owner's alone
// (0700) and no sandbox has it mounted.
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { redactUrl } from "./describe-database";
import { keepExtendedQueriesTogether } from "./pglite-socket-queue";

export type EmbeddedDatabase = {
  url: string;
  dataDir: string | undefined;
  stop: () => Promise<void>;
};

export type StartEmbeddedDatabaseOptions = {
  /** Where the data lives; omit for an in-memory database (tests). */
  dataDir?: string;
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
/** Clients look for a socket named `.s.PGSQL.<port>` in the host directory. */
const SOCKET_PORT = 5432;

export async function startEmbeddedDatabase(options: StartEmbeddedDatabaseOptions = {}): Promise<EmbeddedDatabase> {
  const dataDir = options.dataDir ? path.resolve(options.dataDir) : undefined;
  if (dataDir) {
    await mkdir(dataDir, { recursive: true });
    const owner = await readLiveLockOwner(dataDir);
    if (owner) throw new EmbeddedDatabaseBusyError(dataDir, owner);
  }

  const db = await PGlite.create(dataDir ?? "memory://");
  const { server, socketDir } = await serve(db).catch(async (error: unknown) => {
    await db.close();
    throw error;
  });
  const url = socketUrl(socketDir);
  if (dataDir) await writeFile(lockPath(dataDir), JSON.stringify({ pid: process.pid, url } satisfies LockOwner));

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await server.stop();
      await db.close();
      await rm(socketDir, { recursive: true, force: true });
      if (dataDir) await rm(lockPath(dataDir), { force: true });
    })();
    return stopping;
  };
  return { url, dataDir, stop };
}

/**
 * Serves `db` on a socket in a new directory of its own, which mkdtemp makes 0700. It is under the
 * temporary directory, not the data directory, because a socket's path may not pass 107 bytes.
 */
async function serve(db: PGlite): Promise<{ server: PGLiteSocketServer; socketDir: string }> {
  const socketDir = await mkdtemp(path.join(os.tmpdir(), "nightshift-db-"));
  const server = new PGLiteSocketServer({
    db,
    path: path.join(socketDir, `.s.PGSQL.${SOCKET_PORT}`),
    maxConnections: MAX_CONNECTIONS,
  });
  try {
    keepExtendedQueriesTogether(server);
    await server.start();
  } catch (error) {
    await rm(socketDir, { recursive: true, force: true });
    throw error;
  }
  return { server, socketDir };
}

/**
 * The URL pg, Prisma and psql connect with: `host` names the socket's directory. The port names
 * the socket's file, and is written out so that a PGPORT in the environment cannot change it.
 * The slashes stay readable for people who copy the URL from the startup summary.
 */
function socketUrl(socketDir: string): string {
  const host = encodeURIComponent(socketDir).replaceAll("%2F", "/");
  return `postgresql://postgres@localhost:${SOCKET_PORT}/postgres?host=${host}`;
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
