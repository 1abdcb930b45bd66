import type { Actor } from "../access/actor";
import { authorizeSession } from "../access/authorize-session";
import { type DbClient, getDb } from "../db";
import type { PresenceState } from "../realtime/channels";
import { publishPresenceState } from "../realtime/publisher";

/** The person's page is active, idle or away: the session's other pages show it. Nothing is stored. */
export async function announcePresence(
  options: { sessionId: string; actor: Actor; state: PresenceState },
  db: DbClient = getDb(),
): Promise<void> {
  await authorizeSession({ sessionId: options.sessionId, actor: options.actor, need: "read" }, db);
  await publishPresenceState(options.sessionId, options.actor.id, options.state);
}
