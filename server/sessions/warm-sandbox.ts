// Warming: someone is typing in a session with no sandbox, so one is started now and the prompt
// finds it booted (or booting) when it is sent. Nothing happens when the session already has a
// live sandbox or takes no prompts.
import { type DbClient, getDb } from "../db";
import { inTransactionPublishing } from "../events/append-events";
import { getSandboxProvider } from "../sandboxes/get-provider";
import { LIVE_SANDBOX_STATUSES } from "../sandboxes/sandbox-status";
import { resumeInTransaction } from "../sandboxes/suspend-sandboxes";
import { createNextSandbox } from "../sandboxes/snapshots/new-sandbox";
import { lockSession } from "./lock-session";

export type WarmResult =
  { state: "started"; sandboxId: string } | { state: "live"; sandboxId: string } | { state: "closed" };

/** Creates the session's sandbox (status pending) if it has none; the warm job then starts it. */
export async function claimWarmSandbox(sessionId: string, db: DbClient = getDb()): Promise<WarmResult> {
  return inTransactionPublishing(db, async (tx) => {
    const session = await lockSession(tx, sessionId);
    if (session.status === "archived" || session.status === "cancelled") return { state: "closed" };
    const provider = getSandboxProvider();
    const live = await tx.sandbox.findFirst({
      where: { sessionId, status: { in: [...LIVE_SANDBOX_STATUSES] } },
      select: { id: true, sessionId: true, status: true, provider: true, providerId: true },
    });
    // Someone typing resumes a suspended sandbox: the prompt finds it running.
    if (live?.status === "suspended" && (await resumeInTransaction(tx, live, provider)))
      return { state: "live", sandboxId: live.id };
    if (live && live.status !== "suspended")
      return live.status === "pending"
        ? { state: "started", sandboxId: live.id }
        : { state: "live", sandboxId: live.id };
    const created = await createNextSandbox(tx, sessionId, provider, `unissued:warm:${crypto.randomUUID()}`);
    return { state: "started", sandboxId: created.id };
  });
}
