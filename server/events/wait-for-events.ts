// Long polling for the public API: waits until a session has an event after `afterSeq`, the
// time is up, or the client went away. It reads the session's last sequence number (one primary
// key lookup) twice a second, so it works the same on one machine and on a serverless platform
// where the request and the event's writer share no process.
import { type DbClient, getDb } from "../db";

const CHECK_EVERY_MS = 500;

/** Resolves true as soon as an event after `afterSeq` exists, false when `waitMs` passed first. */
export async function waitForEvents(
  options: { sessionId: string; afterSeq: number; waitMs: number; signal?: AbortSignal },
  db: DbClient = getDb(),
): Promise<boolean> {
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    const session = await db.session.findUnique({
      where: { id: options.sessionId },
      select: { lastEventSeq: true },
    });
    if (!session || session.lastEventSeq > options.afterSeq) return true;
    const left = deadline - Date.now();
    if (left <= 0 || options.signal?.aborted) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(CHECK_EVERY_MS, left)));
  }
}
