import type { DbClient } from "../db";
import { getDb } from "../db";

export type UpsertDevUserOptions = { name: string; email: string };

/** The development sign-in's user: found by email, created on first sign-in, name kept current. */
export async function upsertDevUser(options: UpsertDevUserOptions, db: DbClient = getDb()) {
  const email = options.email.trim().toLowerCase();
  return db.user.upsert({
    where: { email },
    create: { email, name: options.name.trim() },
    update: { name: options.name.trim() },
    select: { id: true, name: true, email: true, image: true },
  });
}
