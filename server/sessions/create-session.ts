import { randomUUID } from "node:crypto";
import type { Actor } from "../access/actor";
import { authorizeRepository } from "../access/repository-access";
import { type DbClient, type DbTransaction, getDb, inTransaction } from "../db";
import { type Env, getEnv } from "../env";
import { AppError } from "../errors";
import type { MessageSource, Prisma } from "../generated/prisma/client";
import { codeHostFor } from "../git/code-host";
import { loadModelProviders } from "../models/providers";
import { resolveModel } from "../models/resolve-model";
import { repositorySettings } from "../repositories/repository-settings";
import { enqueuePromptInTransaction } from "./enqueue-prompt";
import { lockSession } from "./lock-session";
import { requestDispatch } from "./request-dispatch";
import { type SessionSummary, sessionSelect, toSessionSummary } from "./session-select";

export type CreateSessionOptions = {
  repositoryId: string;
  /** Who opens it: its owner, and the author of its first prompt. */
  actor: Actor;
  baseBranch?: string;
  model?: string;
  reasoningEffort?: string;
  title?: string;
  /** Work on this existing branch (a pull request's head) instead of a new nightshift/<id>. */
  branch?: string;
  /** A first prompt, queued with the session. */
  prompt?: { content: string; clientRequestId?: string; source: MessageSource; replyTo?: Prisma.InputJsonObject };
  /**
   * The session prepared while this person typed (./prepare-session.ts): it becomes this one, with
   * its warm sandbox, when it is theirs, on the same repository and base branch, and still
   * prepared; otherwise a new session is opened as if it were not named.
   */
  preparedSessionId?: string;
  /** Open it as a prepared session, until this time (./prepare-session.ts). */
  preparedUntil?: Date;
};

/** Opens a session on a repository's branch; its creator is its owner. */
export async function createSession(
  options: CreateSessionOptions,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<SessionSummary> {
  // Opening a session needs read access to its repository; queuing a prompt in it, or preparing
  // one (which starts a sandbox), write access.
  const repository = await authorizeRepository(
    {
      repositoryId: options.repositoryId,
      actor: options.actor,
      need: options.prompt || options.preparedUntil ? "write" : "read",
      field: "repositoryId",
    },
    db,
  );
  const settings = await repositorySettings(repository.id, db);
  const baseBranch = options.baseBranch ?? settings.defaultBaseBranch ?? repository.defaultBranch;
  const missing = await codeHostFor(repository).missingBranch(repository, baseBranch);
  if (missing) throw AppError.field("baseBranch", missing);
  // The repository's default effort applies when the model chosen offers it.
  const model = resolveModel(await loadModelProviders({ repositoryId: repository.id, db, env }), env, {
    model: options.model ?? settings.defaultModel,
    effort: options.reasoningEffort,
    inheritedEffort: settings.defaultReasoningEffort,
  });

  const create = async (tx: DbTransaction) => {
    const existing = options.prompt?.clientRequestId
      ? await openedBefore(tx, { createdById: options.actor.id, repositoryId: repository.id }, options.prompt)
      : null;
    if (existing) return { session: existing, isDuplicate: true };
    const prepared = options.preparedSessionId
      ? await claimPrepared(tx, options.preparedSessionId, {
          createdById: options.actor.id,
          repositoryId: repository.id,
          baseBranch,
        })
      : null;
    if (prepared) {
      await tx.session.update({
        where: { id: prepared },
        data: {
          preparedUntil: null,
          createdAt: new Date(),
          model: model.id,
          reasoningEffort: model.effort,
          title: options.title ?? null,
        },
      });
      if (options.prompt) {
        await enqueuePromptInTransaction(
          tx,
          { sessionId: prepared, authorId: options.actor.id, ...options.prompt },
          env,
        );
      }
      return {
        session: toSessionSummary(
          await tx.session.findUniqueOrThrow({ where: { id: prepared }, select: sessionSelect }),
        ),
        isDuplicate: false,
      };
    }
    const placeholder = `nightshift/pending-${randomUUID()}`;
    const { id } = await tx.session.create({
      data: {
        repositoryId: repository.id,
        baseBranch,
        branch: placeholder,
        model: model.id,
        reasoningEffort: model.effort,
        title: options.title ?? null,
        createdById: options.actor.id,
        preparedUntil: options.preparedUntil ?? null,
        participants: { create: { userId: options.actor.id, role: "owner" } },
      },
      select: { id: true },
    });
    await tx.session.update({ where: { id }, data: { branch: options.branch ?? `nightshift/${id}` } });
    if (options.prompt) {
      await enqueuePromptInTransaction(tx, { sessionId: id, authorId: options.actor.id, ...options.prompt }, env);
    }
    return {
      session: toSessionSummary(await tx.session.findUniqueOrThrow({ where: { id }, select: sessionSelect })),
      isDuplicate: false,
    };
  };
  const { session, isDuplicate } = await inTransaction(db, create);
  if (options.prompt && !isDuplicate && "$transaction" in db) await requestDispatch(session.id);
  return session;
}

/** The prepared session, locked, when it may become this one; null otherwise. */
async function claimPrepared(
  tx: DbTransaction,
  sessionId: string,
  expected: { createdById: string; repositoryId: string; baseBranch: string },
): Promise<string | null> {
  // Locked first: the sweep may be discarding it, or another tab opening it, this moment.
  const locked = await lockSession(tx, sessionId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  });
  if (!locked) return null;
  const found = await tx.session.count({ where: { id: sessionId, ...expected, preparedUntil: { not: null } } });
  return found > 0 ? sessionId : null;
}

/**
 * The session a retry of this request opened already: the creator's session on this repository
 * whose first prompt has this client request id. Taken under a lock on the pair, so two
 * concurrent tries open one session. The same id with another prompt is refused.
 */
async function openedBefore(
  tx: DbTransaction,
  options: { createdById: string; repositoryId: string },
  prompt: { content: string; clientRequestId?: string },
): Promise<SessionSummary | null> {
  const clientRequestId = prompt.clientRequestId!;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`session-create:${options.createdById}:${clientRequestId}`}))`;
  const first = await tx.message.findFirst({
    where: {
      authorId: options.createdById,
      clientRequestId,
      session: { createdById: options.createdById, repositoryId: options.repositoryId },
    },
    orderBy: { createdAt: "asc" },
    select: { content: true, sessionId: true },
  });
  if (!first) return null;
  if (first.content !== prompt.content) {
    throw AppError.field(
      "clientRequestId",
      "This client request id already opened a session with a different prompt.",
      "CONFLICT",
    );
  }
  return toSessionSummary(
    await tx.session.findUniqueOrThrow({ where: { id: first.sessionId }, select: sessionSelect }),
  );
}
