import type { Actor } from "../access/actor";
import { authorizeSession } from "../access/authorize-session";
import { type DbClient, getDb } from "../db";
import { warmSandboxEvent } from "../jobs/events";
import { getJobQueue } from "../jobs/queue";

/** Someone who may prompt started typing: the session's sandbox is started ahead of the prompt. */
export async function requestWarm(options: { sessionId: string; actor: Actor }, db: DbClient = getDb()): Promise<void> {
  await authorizeSession({ sessionId: options.sessionId, actor: options.actor, need: "write" }, db);
  await getJobQueue().send(warmSandboxEvent, { sessionId: options.sessionId });
}
