import type { DbClient } from "../db";
import { getDb } from "../db";

export const currentUserSelect = {
  id: true,
  name: true,
  email: true,
  image: true,
  githubLogin: true,
  claimedAdminAt: true,
} as const;

export type CurrentUser = {
  id: string;
  name: string | null;
  email: string | null;
  image: string | null;
  githubLogin: string | null;
  /** Set when they became the administrator by signing in first (server/access/administrators.ts). */
  claimedAdminAt?: Date | null;
};

export async function getUser(options: { id: string }, db: DbClient = getDb()): Promise<CurrentUser | null> {
  return db.user.findUnique({ where: { id: options.id }, select: currentUserSelect });
}
