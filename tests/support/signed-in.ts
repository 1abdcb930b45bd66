// The signed-in person for route handlers called in process. In the app, next-auth reads them from
// the session cookie through Next's request scope, which exists only inside Next; a test mocks
// server/auth's getCurrentUser with `signedInUser` (imported inside the hoisted factory) and runs
// each call inside `asUser`:
//
//   vi.mock("@/server/auth", async (original) => ({
//     ...(await original<object>()),
//     getCurrentUser: (await import("../../support/signed-in")).signedInUser,
//   }));
import { AsyncLocalStorage } from "node:async_hooks";
import type { CurrentUser } from "@/server/users/get-user";

const current = new AsyncLocalStorage<CurrentUser | null>();

/** Runs `call` as `user` (null: signed out); concurrent calls each see their own. */
export function asUser<T>(user: CurrentUser | null, call: () => T): T {
  return current.run(user, call);
}

export async function signedInUser(): Promise<CurrentUser | null> {
  return current.getStore() ?? null;
}
