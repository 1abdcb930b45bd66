// One prompt's result, for callers that wait on it rather than watch the page — the GitHub
// Action and the command line: where it stands, the agent's final answer, the pull request or
// branch, what it cost, and the files the session changed.
import type { Actor } from "../access/actor";
import { authorizeSession } from "../access/authorize-session";
import { type DbClient, getDb } from "../db";
import { type Env, getEnv } from "../env";
import { AppError } from "../errors";
import { finalAnswer } from "../events/final-answer";
import type { MessageSource } from "../generated/prisma/client";
import { codeHostFor, type ChangedFile } from "../git/code-host";
import { logger } from "../logger";
import { promptUsage } from "../models/gateway/session-usage";
import { toArtifactView } from "./artifact-metadata";

/** `stopped`: someone stopped it while it ran; `cancelled`: taken out of the queue before it ran. */
export type PromptOutcome = "queued" | "running" | "completed" | "failed" | "stopped" | "cancelled";
export const FINISHED_OUTCOMES: readonly PromptOutcome[] = ["completed", "failed", "stopped", "cancelled"];

export type PromptResult = {
  prompt: {
    id: string;
    status: PromptOutcome;
    error: string | null;
    source: MessageSource;
    createdAt: Date;
    startedAt: Date | null;
    finishedAt: Date | null;
  };
  session: { id: string; url: string; title: string | null; branch: string; baseBranch: string };
  /** The agent's last text in this prompt (null before it wrote any). */
  answer: string | null;
  /** The session's pull request (or a local repository's reviewable branch), once opened. */
  pullRequest: { url: string; number: number | null; title: string | null } | null;
  /** What the prompt's model calls cost, in US dollars; null when one had no price. */
  costUsd: number | null;
  /** The session branch against its base once the prompt finished; null before, or when the code host could not say. */
  filesChanged: ChangedFile[] | null;
};

export async function promptResult(
  options: { sessionId: string; messageId: string; actor: Actor },
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<PromptResult> {
  const { repository } = await authorizeSession(
    { sessionId: options.sessionId, actor: options.actor, need: "read" },
    db,
  );
  const message = await db.message.findFirst({
    where: { id: options.messageId, sessionId: options.sessionId },
    select: {
      id: true,
      status: true,
      error: true,
      source: true,
      createdAt: true,
      startedAt: true,
      finishedAt: true,
      session: { select: { id: true, title: true, branch: true, baseBranch: true } },
    },
  });
  if (!message) throw new AppError("NOT_FOUND", "That prompt does not exist in this session.");
  const { session, ...prompt } = message;
  const status = outcomeOf(prompt);
  const [answer, usage, artifact] = await Promise.all([
    finalAnswer(prompt.id, db),
    promptUsage(session.id, db),
    db.artifact.findFirst({
      where: { sessionId: session.id, kind: "pr" },
      orderBy: { createdAt: "desc" },
      select: { id: true, kind: true, url: true, metadata: true, createdAt: true },
    }),
  ]);
  const spent = usage[prompt.id];
  const view = artifact ? toArtifactView(artifact) : null;
  const pullRequest =
    view?.kind === "pr"
      ? {
          url: view.url,
          number: view.metadata && "number" in view.metadata ? view.metadata.number : null,
          title: view.metadata?.title ?? null,
        }
      : null;
  return {
    prompt: { ...prompt, status },
    session: { ...session, url: `${env.controlPlaneUrl}/sessions/${session.id}` },
    answer,
    pullRequest,
    costUsd: !spent ? 0 : spent.unpricedCalls > 0 ? null : spent.costUsd,
    filesChanged: FINISHED_OUTCOMES.includes(status)
      ? await codeHostFor(repository)
          .diff(repository, { base: session.baseBranch, branch: session.branch })
          .then((diff) => diff.files)
          .catch((error: unknown) => {
            logger.warn("a prompt result's changed files could not be listed", { sessionId: session.id, error });
            return null;
          })
      : null,
  };
}

function outcomeOf(message: { status: string; error: string | null }): PromptOutcome {
  switch (message.status) {
    case "pending":
      return "queued";
    case "processing":
      return "running";
    case "completed":
      return "completed";
    case "cancelled":
      return "cancelled";
    default:
      // stop-prompt.ts ends a stopped prompt failed, "stopped by <name>".
      return message.error?.startsWith("stopped by ") ? "stopped" : "failed";
  }
}
