// What a sandbox's bridge calls: store a batch of events, fetch and acknowledge commands, beat.
// Each call is authenticated by the sandbox's own token, valid only while the sandbox is live.
// docs/sessions.md#the-bridge-protocol.
import { z } from "zod";
import {
  type BridgeCommand,
  commandSchema,
  type EventBatchReply,
  type IncomingEventBatch,
} from "../../sandbox/bridge/protocol";
import { storable } from "../database/storable-text";
import { type DbClient, type DbTransaction, getDb } from "../db";
import { AppError } from "../errors";
import { appendEventsInTransaction, inTransactionPublishing } from "../events/append-events";
import { fitBridgeEvent } from "../events/fit-event";
import { redact, redactorFor } from "../secrets/redact";
import { requestProgress } from "../integrations/request-progress";
import { hashToken } from "../security/tokens";
import { lockSession } from "../sessions/lock-session";
import { requestDispatch } from "../sessions/request-dispatch";
import { requestSnapshot } from "./snapshots/request-snapshot";
import { applyBridgeEvents } from "./apply-bridge-events";
import { stopQuietly } from "./fail-sandbox";
import { isLive } from "./sandbox-status";

export type AuthenticatedSandbox = { id: string; sessionId: string };

export async function authenticateSandbox(
  token: string | undefined,
  db: DbClient = getDb(),
): Promise<AuthenticatedSandbox> {
  if (!token)
    throw new AppError("UNAUTHENTICATED", "This endpoint needs the sandbox's token: Authorization: Bearer <token>.");
  const sandbox = await db.sandbox.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, sessionId: true, status: true },
  });
  if (!sandbox) throw new AppError("UNAUTHENTICATED", "That sandbox token is not valid.");
  if (!isLive(sandbox.status))
    throw new AppError("UNAUTHENTICATED", `This sandbox is ${sandbox.status}; its token is no longer valid.`);
  return { id: sandbox.id, sessionId: sandbox.sessionId };
}

/**
 * Stores one numbered batch, in order and exactly once: the batch after the last stored one is
 * stored with its effects in one transaction; a batch already stored is acknowledged and ignored;
 * a batch that skips a number is refused (the bridge resends in order). An event that does not
 * fit its schema is stored in its place as an error event that says why, and has no effect.
 */
export async function storeEventBatch(
  sandbox: AuthenticatedSandbox,
  incoming: IncomingEventBatch,
  db: DbClient = getDb(),
): Promise<EventBatchReply> {
  // Secret values are replaced before anything of the batch is stored, applied or published, and
  // what Postgres cannot hold (a tool's binary output) is mended rather than the batch refused
  // forever (the bridge resends a refused batch until it is stored).
  const { repositoryId } = await db.session.findUniqueOrThrow({
    where: { id: sandbox.sessionId },
    select: { repositoryId: true },
  });
  const batch = storable(redact(incoming, await redactorFor(repositoryId, db)));
  const outcome = await inTransactionPublishing(db, async (tx) => {
    await lockSession(tx, sandbox.sessionId);
    const row = await tx.sandbox.findUniqueOrThrow({
      where: { id: sandbox.id },
      select: { lastEventBatch: true, status: true, provider: true, providerId: true },
    });
    if (!isLive(row.status))
      throw new AppError("UNAUTHENTICATED", `This sandbox is ${row.status}; its token is no longer valid.`);
    if (batch.batch <= row.lastEventBatch) return { lastBatch: row.lastEventBatch, effects: undefined };
    if (batch.batch > row.lastEventBatch + 1) {
      throw new AppError(
        "CONFLICT",
        `Batch ${batch.batch} skips ahead: the last batch stored is ${row.lastEventBatch}; send ${row.lastEventBatch + 1} next.`,
      );
    }
    const events = await ofThisSession(tx, sandbox.sessionId, batch.events.map(fitBridgeEvent));
    const stepped = [
      ...new Set(events.flatMap((event) => (event.type === "tool_call" && event.messageId ? [event.messageId] : []))),
    ];
    await appendEventsInTransaction(tx, { sessionId: sandbox.sessionId, events });
    const now = new Date();
    await tx.sandbox.update({
      where: { id: sandbox.id },
      data: { lastEventBatch: batch.batch, lastHeartbeatAt: now, lastActivityAt: now },
    });
    const effects = await applyBridgeEvents(tx, { sandboxId: sandbox.id, sessionId: sandbox.sessionId }, events);
    return {
      lastBatch: batch.batch,
      effects: { ...effects, started: { provider: row.provider, providerId: row.providerId } },
      stepped,
    };
  });
  if (outcome.effects?.sandboxFailed) await stopQuietly(outcome.effects.started);
  if (outcome.effects?.promptEnded) {
    await requestDispatch(sandbox.sessionId);
    // The work of the prompt that ended is saved, whether or not the next one has started.
    if (!outcome.effects.sandboxFailed) await requestSnapshot(sandbox.id, "prompt");
  }
  // Prompts asked in Slack or Linear show their latest step there.
  if ("stepped" in outcome && outcome.stepped) await requestProgress(outcome.stepped);
  return { lastBatch: outcome.lastBatch };
}

/**
 * An event may belong to one of the session's prompts, never to another session's (it would end
 * or change someone else's prompt): one naming a prompt that is not this session's is kept as an
 * error event of no prompt, like any event that does not fit, so the batch is still stored.
 */
async function ofThisSession(tx: DbTransaction, sessionId: string, events: FittedEvent[]): Promise<FittedEvent[]> {
  const named = [...new Set(events.flatMap((event) => (event.messageId ? [event.messageId] : [])))];
  if (named.length === 0) return events;
  const found = await tx.message.findMany({ where: { id: { in: named }, sessionId }, select: { id: true } });
  const ours = new Set(found.map((message) => message.id));
  return events.map((event) =>
    !event.messageId || ours.has(event.messageId)
      ? event
      : {
          type: "error",
          data: {
            message: `The sandbox sent an event (${event.type}) for a prompt that is not one of this session's (${event.messageId}).`,
          },
          messageId: null,
        },
  );
}

type FittedEvent = ReturnType<typeof fitBridgeEvent>;

const POLL_INTERVAL_MS = 200;
const commandsSchema = z.array(commandSchema);

/** Commands numbered after `after`, waiting up to `waitMs` for one to arrive (long poll). */
export async function fetchCommands(
  sandbox: AuthenticatedSandbox,
  options: { after: number; waitMs: number; signal?: AbortSignal },
  db: DbClient = getDb(),
): Promise<BridgeCommand[]> {
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    const rows = await db.sandboxCommand.findMany({
      where: { sandboxId: sandbox.id, seq: { gt: options.after } },
      orderBy: { seq: "asc" },
      take: 50,
      select: { seq: true, type: true, payload: true },
    });
    // Written by this control plane from the same protocol types: one that does not fit is a bug
    // here, and fails loudly rather than reaching the bridge.
    if (rows.length > 0 || Date.now() >= deadline || options.signal?.aborted) return commandsSchema.parse(rows);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    // The bridge has gone: nobody is waiting for the answer.
    if (options.signal?.aborted) return [];
  }
}

export async function acknowledgeCommands(
  sandbox: AuthenticatedSandbox,
  seq: number,
  db: DbClient = getDb(),
): Promise<void> {
  await db.sandboxCommand.updateMany({
    where: { sandboxId: sandbox.id, seq: { lte: seq }, acknowledgedAt: null },
    data: { acknowledgedAt: new Date() },
  });
}

export async function recordHeartbeat(sandbox: AuthenticatedSandbox, db: DbClient = getDb()): Promise<void> {
  await db.sandbox.update({ where: { id: sandbox.id }, data: { lastHeartbeatAt: new Date() } });
}
