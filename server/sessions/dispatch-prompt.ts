// Starts a session's next prompt: the oldest waiting one, when none is running. It goes to the
// session's live sandbox as a `prompt` command, or to a new sandbox created for it. The session's
// row lock makes concurrent dispatches take turns, and the database allows one processing prompt
// per session, so a repeated or concurrent dispatch never starts a prompt twice.
import { type DbClient, type DbTransaction, getDb } from "../db";
import { type Env, getEnv } from "../env";
import { AppError } from "../errors";
import { appendEventsInTransaction, inTransactionPublishing } from "../events/append-events";
import type { PromptPayload } from "../../sandbox/bridge/protocol";
import { loadModelProviders } from "../models/providers";
import { resolveModel } from "../models/resolve-model";
import { addSandboxCommand } from "../sandboxes/commands";
import { getSandboxProvider } from "../sandboxes/get-provider";
import { replacementNotice } from "../sandboxes/snapshots/checkpoints";
import { createNextSandbox } from "../sandboxes/snapshots/new-sandbox";
import { LIVE_SANDBOX_STATUSES } from "../sandboxes/sandbox-status";
import { resumeInTransaction } from "../sandboxes/suspend-sandboxes";
import { commitAuthor, type GitIdentity } from "../users/commit-identity";
import { finishPrompt } from "./finish-prompt";
import { lockSession } from "./lock-session";

export type DispatchClaim =
  | { kind: "idle" }
  /** A prompt runs (or was just started) in `sandboxId`; `needsSpawn` when that sandbox has not been started yet. */
  | { kind: "running"; messageId: string; sandboxId: string; needsSpawn: boolean }
  /** The next prompt could not be started (e.g. its model is no longer configured); it failed. */
  | { kind: "refused"; messageId: string; error: string };

export async function claimNextPrompt(
  sessionId: string,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<DispatchClaim> {
  return inTransactionPublishing(db, async (tx) => {
    const session = await lockSession(tx, sessionId);
    const processing = await tx.message.findFirst({
      where: { sessionId, status: "processing" },
      select: { id: true, sandbox: { select: { id: true, status: true } } },
    });
    if (processing) {
      if (!processing.sandbox) return { kind: "idle" };
      return {
        kind: "running",
        messageId: processing.id,
        sandboxId: processing.sandbox.id,
        needsSpawn: processing.sandbox.status === "pending",
      };
    }
    if (session.status === "archived" || session.status === "cancelled") return { kind: "idle" };

    const next = await tx.message.findFirst({
      where: { sessionId, status: "pending" },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        content: true,
        model: true,
        reasoningEffort: true,
        author: { select: { id: true } },
        session: { select: { model: true, reasoningEffort: true, repositoryId: true } },
      },
    });
    if (!next) return { kind: "idle" };

    const providers = await loadModelProviders({ repositoryId: next.session.repositoryId, db: tx, env });
    let model;
    try {
      // The session's effort carries over to a prompt's own model when that model offers it.
      model = resolveModel(providers, env, {
        model: next.model ?? next.session.model,
        effort: next.reasoningEffort,
        inheritedEffort: next.session.reasoningEffort,
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const reason = error.fieldErrors?.model?.[0] ?? error.fieldErrors?.reasoningEffort?.[0] ?? error.message;
      await tx.message.update({ where: { id: next.id }, data: { status: "processing", startedAt: new Date() } });
      await finishPrompt(tx, { messageId: next.id, status: "failed", error: reason });
      await appendEventsInTransaction(tx, {
        sessionId,
        events: [{ type: "execution_complete", data: { success: false, reason }, messageId: next.id }],
      });
      return { kind: "refused", messageId: next.id, error: reason };
    }

    const provider = getSandboxProvider(env);
    let live = await tx.sandbox.findFirst({
      where: { sessionId, status: { in: [...LIVE_SANDBOX_STATUSES] } },
      select: { id: true, sessionId: true, status: true, restoredFromId: true, provider: true, providerId: true },
    });
    // Its snapshot is ending it (Vercel Sandbox): the prompt waits, and is dispatched once it is saved.
    if (live?.status === "snapshotting") return { kind: "idle" };
    // Suspended while idle: it takes the prompt as it was, or, gone, makes way for a restored one.
    if (live?.status === "suspended")
      live = (await resumeInTransaction(tx, live, provider)) ? { ...live, status: "ready" } : null;
    const sandbox = live ?? (await createNextSandbox(tx, sessionId, provider, `unissued:${next.id}`));
    // The first prompt in a sandbox that replaces a failed one tells the agent what happened.
    const isFirst = (await tx.message.count({ where: { sandboxId: sandbox.id } })) === 0;
    const notice = isFirst ? await replacementNotice(tx, sessionId, sandbox) : null;

    await tx.message.update({
      where: { id: next.id },
      data: { status: "processing", startedAt: new Date(), sandboxId: sandbox.id },
    });
    const payload: PromptPayload = {
      messageId: next.id,
      content: next.content,
      model: { provider: model.provider, name: model.name },
      reasoningEffort: model.effort,
      author: await commitAuthor(tx, next.author.id),
      coAuthors: await earlierPrompters(tx, sessionId, next.id, next.author.id),
      ...(notice ? { notice } : {}),
    };
    await addSandboxCommand(tx, sandbox.id, { type: "prompt", payload });
    if (session.status !== "active") await tx.session.update({ where: { id: sessionId }, data: { status: "active" } });
    return { kind: "running", messageId: next.id, sandboxId: sandbox.id, needsSpawn: sandbox.status === "pending" };
  });
}

/**
 * The others who prompted in this session before this prompt (in order of their first prompt,
 * cancelled prompts left out): its commits carry them as Co-authored-by.
 */
async function earlierPrompters(
  tx: DbTransaction,
  sessionId: string,
  messageId: string,
  authorId: string,
): Promise<GitIdentity[]> {
  const current = await tx.message.findUniqueOrThrow({ where: { id: messageId }, select: { createdAt: true } });
  const earlier = await tx.message.findMany({
    where: {
      sessionId,
      id: { not: messageId },
      authorId: { not: authorId },
      status: { not: "cancelled" },
      createdAt: { lte: current.createdAt },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { authorId: true },
  });
  const people = [...new Set(earlier.map((message) => message.authorId))];
  return Promise.all(people.map((userId) => commitAuthor(tx, userId)));
}
