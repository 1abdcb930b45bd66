import { randomUUID } from "node:crypto";
import type { Actor } from "../access/actor";
import { authorizeSession } from "../access/authorize-session";
import { type DbClient, type DbTransaction, getDb, inTransaction } from "../db";
import { type Env, getEnv } from "../env";
import { AppError } from "../errors";
import type { MessageSource, Prisma } from "../generated/prisma/client";
import { loadModelProviders } from "../models/providers";
import { resolveModel } from "../models/resolve-model";
import { lockSession } from "./lock-session";
import { requestDispatch } from "./request-dispatch";
import { publishSessionChanged } from "../realtime/publisher";
import { MAX_UNFINISHED_PROMPTS } from "./schemas";
import { type MessageView, messageSelect } from "./session-select";

/** A prompt as the queue stores it: its author was allowed to write to the session already. */
export type QueuedPrompt = {
  sessionId: string;
  authorId: string;
  source: MessageSource;
  content: string;
  /** The sender's key: a retry with the same key returns the first prompt instead of adding one. */
  clientRequestId?: string;
  /** Where the answer is posted when the prompt ends (a GitHub comment or review). */
  replyTo?: Prisma.InputJsonObject;
  model?: string;
  reasoningEffort?: string;
};

/** `actor`: the prompt's author, who must be allowed to write to the session's repository. */
export type EnqueuePromptOptions = Omit<QueuedPrompt, "authorId"> & { actor: Actor };

export type EnqueuedPrompt = { message: MessageView; isDuplicate: boolean };

/** Adds a prompt to the end of a session's queue, and asks for it to be run. */
export async function enqueuePrompt(
  options: EnqueuePromptOptions,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<EnqueuedPrompt> {
  const { actor, ...prompt } = options;
  await authorizeSession({ sessionId: options.sessionId, actor, need: "write" }, db);
  const enqueued = await inTransaction(db, (tx) =>
    enqueuePromptInTransaction(tx, { ...prompt, authorId: actor.id }, env),
  );
  // Inside a caller's transaction, the caller requests the dispatch once it has committed.
  if ("$transaction" in db && !enqueued.isDuplicate) {
    await requestDispatch(options.sessionId);
    await publishSessionChanged(options.sessionId);
  }
  return enqueued;
}

export async function enqueuePromptInTransaction(
  tx: DbTransaction,
  options: QueuedPrompt,
  env: Env,
): Promise<EnqueuedPrompt> {
  const session = await lockSession(tx, options.sessionId);
  const clientRequestId = options.clientRequestId ?? randomUUID();
  const existing = await tx.message.findUnique({
    where: { sessionId_clientRequestId: { sessionId: options.sessionId, clientRequestId } },
    select: messageSelect,
  });
  if (existing) {
    const isSame =
      existing.content === options.content &&
      existing.model?.toLowerCase() === options.model?.toLowerCase() &&
      existing.reasoningEffort === (options.reasoningEffort ?? null);
    if (!isSame)
      throw AppError.field(
        "clientRequestId",
        "This client request id was already used for a different prompt.",
        "CONFLICT",
      );
    return { message: existing, isDuplicate: true };
  }

  if (session.status === "archived")
    throw new AppError("PRECONDITION_FAILED", "This session is archived: restore it to send prompts.");
  if (session.status === "cancelled")
    throw new AppError("PRECONDITION_FAILED", "This session is cancelled and takes no more prompts.");
  let model = options.model ?? null;
  let reasoningEffort = options.reasoningEffort ?? null;
  if (model || reasoningEffort) {
    // A prompt's own model and effort must be ones that can run now; the effort one its model offers.
    const row = await tx.session.findUniqueOrThrow({
      where: { id: options.sessionId },
      select: { repositoryId: true, model: true },
    });
    const providers = await loadModelProviders({ repositoryId: row.repositoryId, db: tx, env });
    const resolved = resolveModel(providers, env, { model: model ?? row.model, effort: reasoningEffort });
    if (model) model = resolved.id;
    reasoningEffort = resolved.effort;
  }

  const unfinished = await tx.message.count({
    where: { sessionId: options.sessionId, status: { in: ["pending", "processing"] } },
  });
  if (unfinished >= MAX_UNFINISHED_PROMPTS) {
    throw new AppError(
      "LIMIT_EXCEEDED",
      `This session already has ${MAX_UNFINISHED_PROMPTS} prompts waiting or running: wait for one to finish, or cancel one.`,
    );
  }

  const message = await tx.message.create({
    data: {
      sessionId: options.sessionId,
      authorId: options.authorId,
      source: options.source,
      content: options.content,
      clientRequestId,
      model,
      reasoningEffort,
      ...(options.replyTo ? { replyTo: options.replyTo } : {}),
    },
    select: messageSelect,
  });
  await tx.sessionParticipant.upsert({
    where: { sessionId_userId: { sessionId: options.sessionId, userId: options.authorId } },
    create: { sessionId: options.sessionId, userId: options.authorId, role: "member" },
    update: { lastSeenAt: new Date() },
  });
  if (session.status !== "active")
    await tx.session.update({ where: { id: options.sessionId }, data: { status: "active" } });
  return { message, isDuplicate: false };
}
