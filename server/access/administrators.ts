// Administrators manage Nightshift itself: the global secrets, custom model providers and
// Nightshift's own settings. They are the people NIGHTSHIFT_ADMINS names (emails or GitHub
// logins). When it names nobody and people sign in with the development sign-in (the embedded
// default, one person's machine), the first person to sign in becomes the administrator; with
// GitHub sign-in and nobody named, nobody is — a deployment's operator names them. Everyone may
// still read what administrators set (names and availability, never values). docs/access.md.
import { match } from "ts-pattern";
import { type DbClient, getDb, inTransaction } from "../db";
import { type Env, getEnv } from "../env";
import { AppError } from "../errors";
import type { Actor } from "./actor";

export type AdminCandidate = {
  id: string;
  email: string | null;
  githubLogin: string | null;
  /** Set on the one person who became administrator by signing in first. */
  claimedAdminAt?: Date | null;
};

export type AdministratorsSource = "configured" | "first-sign-in" | "none";

/** Where administrators come from under this configuration. */
export function administratorsSource(env: Env = getEnv()): AdministratorsSource {
  if (env.admins.length > 0) return "configured";
  return env.signIn.kind === "dev" ? "first-sign-in" : "none";
}

export function isAdministrator(user: AdminCandidate, env: Env = getEnv()): boolean {
  return match(administratorsSource(env))
    .with("configured", () =>
      [user.email, user.githubLogin].some((name) => name && env.admins.includes(name.toLowerCase())),
    )
    .with("first-sign-in", () => Boolean(user.claimedAdminAt))
    .with("none", () => false)
    .exhaustive();
}

/** Refuses anyone but an administrator, saying who can do it instead. `doing`: "change the global secrets". */
export function assertAdministrator(actor: Actor, doing: string, env: Env = getEnv()): void {
  if (actor.isAdmin) return;
  const message = match(administratorsSource(env))
    .with("configured", () => `Only an administrator can ${doing}: the people NIGHTSHIFT_ADMINS names.`)
    .with("first-sign-in", () => `Only the administrator can ${doing}: here, the first person who signed in.`)
    .with(
      "none",
      () =>
        `Only an administrator can ${doing}, and this Nightshift has none: its operator names them in NIGHTSHIFT_ADMINS.`,
    )
    .exhaustive();
  throw new AppError("FORBIDDEN", message);
}

/**
 * Called when someone signs in: with nobody named in NIGHTSHIFT_ADMINS and the development
 * sign-in, the first person becomes the administrator. Two people signing in at once take
 * turns on a lock, so there is one. Returns whether this person just became it.
 */
export async function claimFirstAdministrator(
  userId: string,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<boolean> {
  if (administratorsSource(env) !== "first-sign-in") return false;
  return inTransaction(db, async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('nightshift:first-administrator'))`;
    if ((await tx.user.count({ where: { claimedAdminAt: { not: null } } })) > 0) return false;
    await tx.user.update({ where: { id: userId }, data: { claimedAdminAt: new Date() } });
    return true;
  });
}

export type AdministratorList = {
  source: AdministratorsSource;
  /** The names NIGHTSHIFT_ADMINS lists (source "configured"). */
  configured: string[];
  /** The people who are administrators and have signed in. */
  people: Array<{ id: string; name: string | null; email: string | null; githubLogin: string | null }>;
};

export async function listAdministrators(db: DbClient = getDb(), env: Env = getEnv()): Promise<AdministratorList> {
  const select = { id: true, name: true, email: true, githubLogin: true } as const;
  const source = administratorsSource(env);
  const where = match(source)
    .with("configured", () => ({
      OR: [
        { email: { in: env.admins, mode: "insensitive" as const } },
        { githubLogin: { in: env.admins, mode: "insensitive" as const } },
      ],
    }))
    .with("first-sign-in", () => ({ claimedAdminAt: { not: null } }))
    .with("none", () => null)
    .exhaustive();
  const people = where ? await db.user.findMany({ where, select, orderBy: { createdAt: "asc" } }) : [];
  return { source, configured: source === "configured" ? env.admins : [], people };
}
