import { existsSync } from "node:fs";
import { readdir, readFile, readlink, stat } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { EmbeddedDatabaseBusyError, startEmbeddedDatabase } from "@/server/database/embedded";
import { temporaryDir } from "../../factories";

async function run(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** The inodes of the TCP sockets this process listens on, from Linux's /proc. */
async function listeningTcpSockets(): Promise<string[]> {
  const links = await Promise.all(
    (await readdir("/proc/self/fd")).map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => "")),
  );
  const own = new Set(links.map((link) => /^socket:\[(\d+)\]$/.exec(link)?.[1]));
  const tables = await Promise.all(["/proc/net/tcp", "/proc/net/tcp6"].map((file) => readFile(file, "utf8")));
  return tables
    .flatMap((table) => table.trim().split("\n").slice(1))
    .map((row) => row.trim().split(/\s+/))
    .filter((columns) => columns[3] === "0A" && own.has(columns[9]))
    .map((columns) => columns[9]!)
    .sort();
}

// Each test starts PGlite on disk (initdb in WebAssembly) once or twice: seconds of CPU, more
// while other test files run beside it on a 2-core machine.
describe("the embedded database", { timeout: 90_000 }, () => {
  it("keeps its data across a restart", async () => {
    const dataDir = path.join(await temporaryDir(), "data");
    const first = await startEmbeddedDatabase({ dataDir });
    await run(first.url, `CREATE TABLE notes (body text); INSERT INTO notes VALUES ('kept')`);
    await first.stop();

    const second = await startEmbeddedDatabase({ dataDir });
    try {
      expect(await run(second.url, `SELECT body FROM notes`)).toEqual([{ body: "kept" }]);
    } finally {
      await second.stop();
    }
  });

  it("refuses a second process on the same data directory, naming the one that has it", async () => {
    const dataDir = path.join(await temporaryDir(), "data");
    const first = await startEmbeddedDatabase({ dataDir });
    try {
      const error = await startEmbeddedDatabase({ dataDir }).catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(EmbeddedDatabaseBusyError);
      expect((error as Error).message).toContain(`pid ${process.pid}`);
    } finally {
      await first.stop();
    }
  });

  // PGlite lets in any user without a password: a TCP port would be open to every process on the
  // machine. The socket's directory keeps out other users, and no sandbox has it mounted.
  it("listens on no TCP port, only on a Unix socket in a directory of its owner's alone", async () => {
    const before = await listeningTcpSockets();
    const database = await startEmbeddedDatabase();
    const socketDir = new URL(database.url).searchParams.get("host")!;
    try {
      expect(await listeningTcpSockets()).toEqual(before);
      expect((await stat(socketDir)).mode & 0o777).toBe(0o700);
      expect(await readdir(socketDir)).toEqual([".s.PGSQL.5432"]);
      expect(await run(database.url, `SELECT current_user AS name`)).toEqual([{ name: "postgres" }]);
    } finally {
      await database.stop();
    }
    expect(existsSync(socketDir)).toBe(false);
  });

  it("keeps one connection's transaction to itself while another connection works", async () => {
    const database = await startEmbeddedDatabase();
    const a = new pg.Client({ connectionString: database.url });
    const b = new pg.Client({ connectionString: database.url });
    try {
      await Promise.all([a.connect(), b.connect()]);
      await a.query(`CREATE TABLE counter (n int)`);
      await a.query("BEGIN");
      await a.query(`INSERT INTO counter VALUES (1)`);
      const seenByB = b.query<{ n: number }>(`SELECT count(*)::int AS n FROM counter`);
      await a.query("ROLLBACK");
      expect((await seenByB).rows).toEqual([{ n: 0 }]);
    } finally {
      await Promise.all([a.end(), b.end()]);
      await database.stop();
    }
  });
});
