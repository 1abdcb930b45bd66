import "server-only";
import { getCurrentUser } from "../auth";
import type { Context } from "./trpc";

/** The context of an HTTP request: whoever its session cookie says is signed in. */
export async function createRequestContext(): Promise<Context> {
  return { user: await getCurrentUser() };
}
