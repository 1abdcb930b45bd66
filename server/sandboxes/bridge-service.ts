// What a sandbox's bridge calls: store a batch of events, fetch and acknowledge commands, beat.
// Each call is authenticated by the sandbox's own token, valid only while the sandbox is live.
// docs/sessions.md#the-bridge-protocol.
import type { BridgeCommand, EventBatch, EventBatchReply } from "../../sandbox/bridge/protocol";
import { type DbClient, type DbTransaction, getDb } from "../db";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { appendEventsInTransaction, inTransactionPublishing } from "../events/append-events";
import { redact, redactorFor } from "../secrets/redact";
import { hashToken } from "../security/tokens";
import { lockSession } from "../sessions/lock-session";
import { requestDispatch } from "../sessions/request-dispatch";
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
 * a batch that skips a number is refused (the bridge resends in order).
 */
export async function storeEventBatch(
  sandbox: AuthenticatedSandbox,
  incoming: EventBatch,
  db: DbClient = getDb(),
): Promise<EventBatchReply> {
  // Secret values are replaced before anything of the batch is stored, applied or published.
  const { repositoryId } = await db.session.findUniqueOrThrow({
    where: { id: sandbox.sessionId },
    select: { repositoryId: true },
  });
  const batch = storable(redact(incoming, await redactorFor(repositoryId, db)));
  const outcome = await inTransactionPublishing(db, async (tx) => {
    await lockSession(tx, sandbox.sessionId);
    await assertPromptsOfSession(tx, sandbox.sessionId, batch.events);
    const row = await tx.sandbox.findUniqueOrThrow({
      where: { id: sandbox.id },
      select: { lastEventBatch: true, status: true, providerId: true },
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
    await appendEventsInTransaction(tx, {
      sessionId: sandbox.sessionId,
      events: batch.events.map((event) => ({
        type: event.type,
        data: event.data as Prisma.InputJsonObject,
        messageId: event.messageId ?? null,
      })),
    });
    const now = new Date();
    await tx.sandbox.update({
      where: { id: sandbox.id },
      data: { lastEventBatch: batch.batch, lastHeartbeatAt: now, lastActivityAt: now },
    });
    const effects = await applyBridgeEvents(tx, { sandboxId: sandbox.id, sessionId: sandbox.sessionId }, batch.events);
    return { lastBatch: batch.batch, effects: { ...effects, providerId: row.providerId } };
  });
  if (outcome.effects?.sandboxFailed && outcome.effects.providerId) await stopQuietly(outcome.effects.providerId);
  if (outcome.effects?.promptEnded) await requestDispatch(sandbox.sessionId);
  return { lastBatch: outcome.lastBatch };
}

/** NUL, and halves of a UTF-16 surrogate pair standing alone: what Postgres cannot hold in JSON. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * What a sandbox prints may hold characters Postgres cannot store in JSON (a tool's binary
 * output: NUL, broken UTF-16): each becomes U+FFFD, as undecodable bytes do, rather than the
 * batch being refused forever (the bridge resends a refused batch until it is stored).
 */
function storable<T>(value: T): T {
  const walk = (node: unknown): unknown => {
    if (typeof node === "string") return node.replace(UNSTORABLE, "\ufffd");
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === "object")
      return Object.fromEntries(Object.entries(node).map(([key, child]) => [walk(key) as string, walk(child)]));
    return node;
  };
  return walk(value) as T;
}

/** An event may belong to one of the session's prompts, never to another session's. */
async function assertPromptsOfSession(tx: DbTransaction, sessionId: string, events: EventBatch["events"]) {
  const named = [...new Set(events.flatMap((event) => (event.messageId ? [event.messageId] : [])))];
  if (named.length === 0) return;
  const found = await tx.message.findMany({ where: { id: { in: named }, sessionId }, select: { id: true } });
  const unknown = named.find((id) => !found.some((message) => message.id === id));
  if (unknown !== undefined)
    throw AppError.field("events", `Event batch names the prompt ${unknown}, which is not one of this session's.`);
}

const POLL_INTERVAL_MS = 200;

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
    // Payloads were written by this control plane from the same protocol types.
    if (rows.length > 0 || Date.now() >= deadline || options.signal?.aborted) return rows as BridgeCommand[];
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
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
