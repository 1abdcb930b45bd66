import "server-only";
import NextAuth from "next-auth";
import { buildAuthConfig } from "./auth/config";
import { getEnv } from "./env";
import { type CurrentUser, getUser } from "./users/get-user";

// The configuration is built on first use, not at import, so `next build` needs no environment.
export const { handlers, auth, signIn, signOut } = NextAuth(() => buildAuthConfig(getEnv()));

/** The signed-in person, read fresh from the database (a deleted user is signed out). */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  return getUser({ id });
}
