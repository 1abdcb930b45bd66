// Who an operation acts for. Every door — tRPC, the public API, the realtime authoriser, bots
// and jobs — turns the person it serves into an Actor, and services decide what that actor may
// do (server/access/*). docs/access.md.
import { type DbClient, getDb } from "../db";
import { type Env, getEnv } from "../env";
import { AppError } from "../errors";
import { type AdminCandidate, isAdministrator } from "./administrators";

/**
 * A right on one repository that another check established — the GitHub bot asks the App
 * whether the person who mentioned it may write, since they may never have signed in here.
 */
export type RepositoryGrant = { repositoryId: string; access: "read" | "write" };

export type Actor = {
  /** The person (users.id). */
  id: string;
  /** Changes Nightshift's global settings (NIGHTSHIFT_ADMINS, or the first to sign in). */
  isAdmin: boolean;
  grants?: readonly RepositoryGrant[];
  /** Reaches this repository and no other (a GitHub Actions workflow's token, ./workflow-tokens.ts). */
  onlyRepositoryId?: string;
};

export function actorFor(user: AdminCandidate, env: Env = getEnv()): Actor {
  return { id: user.id, isAdmin: isAdministrator(user, env) };
}

/** The actor for a person known by id (bots and jobs acting for someone). */
export async function loadActor(userId: string, db: DbClient = getDb(), env: Env = getEnv()): Promise<Actor> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, githubLogin: true, claimedAdminAt: true },
  });
  if (!user) throw new AppError("NOT_FOUND", "That person does not exist.");
  return actorFor(user, env);
}
