// How the database in use is described to people (startup summary, npm run db:migrate): where
// it is, never its user or password.

export type DatabaseChoice = { kind: "embedded"; dataDir: string; url: string } | { kind: "external"; url: string };

export function describeDatabase(choice: DatabaseChoice): string {
  if (choice.kind === "embedded") {
    return `database: embedded PGlite, data in ${choice.dataDir}, serving ${redactUrl(choice.url)} (set DATABASE_URL to use your own Postgres)`;
  }
  return `database: Postgres at ${redactUrl(choice.url)} (DATABASE_URL)`;
}

/**
 * A database URL as it may be printed: host:port/database, and the `host` parameter that names a
 * Unix socket's directory (the embedded database's); no user, password or other parameter.
 */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  const socketDir = parsed.searchParams.get("host");
  const query = socketDir ? `?host=${socketDir}` : "";
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}${query}`;
}
