// What the agent does once an event is decided (./conversation.ts): says why not or asks which
// repository; opens the Nightshift session as the person and announces it (link, plan, the issue
// moved to started); queues a follow-up; stops. The linear-agent job runs each as a step.
// docs/linear.md#how-it-works.
import { loadActor } from "../../access/actor";
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import { AppError, refusalOf } from "../../errors";
import { hostedRepositorySelect } from "../../git/code-host";
import { fullName } from "../../repositories/choose-among";
import { createLinkUrl, LINK_LIFETIME_MS } from "../account-links";
import { createSession } from "../../sessions/create-session";
import { enqueuePrompt } from "../../sessions/enqueue-prompt";
import { stopPrompt } from "../../sessions/stop-prompt";
import { plan, say, updateSession } from "./activities";
import { issueFacts } from "./choose";
import { withLinear } from "./client";
import type { LinearPlan } from "./conversation";
import type { LinearAgentEvent } from "./schema";

/**
 * Someone Nightshift does not know: an elicitation with Linear's `auth` signal, whose link button
 * Linear shows to that user only — a one-time link (../account-links.ts) to say which Nightshift
 * person they are.
 */
export async function offerLink(
  event: LinearAgentEvent,
  decided: Extract<LinearPlan, { kind: "link" }>,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<void> {
  const url = await createLinkUrl(
    { kind: "linear", externalUserId: decided.linearUserId, teamId: event.organizationId, displayName: decided.name },
    db,
    env,
  );
  const minutes = Math.round(LINK_LIFETIME_MS / 60_000);
  await withLinear(
    event.organizationId,
    (client) =>
      say(
        client,
        event.agentSessionId,
        {
          type: "elicitation",
          body: `I do not know who you are in Nightshift yet, so I cannot work for you. Link your Linear account to your Nightshift account (the link is good for ${minutes} minutes, and only for you), then hand me the issue again.`,
        },
        {
          signal: {
            name: "auth",
            metadata: { url, userId: decided.linearUserId, providerName: "Nightshift" },
          },
        },
      ),
    db,
    env,
  );
}

/** Says it in Linear: an error ends the turn; a question waits for the answer, with the prompt kept. */
export async function refuseOrAsk(
  event: LinearAgentEvent,
  decided: Extract<LinearPlan, { kind: "refuse" | "ask" }>,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<void> {
  if (decided.kind === "ask")
    await db.linearAgentSession.upsert({
      where: { id: event.agentSessionId },
      create: agentSessionRow(event, { userId: decided.userId, pendingPrompt: decided.prompt }),
      update: { userId: decided.userId, pendingPrompt: decided.prompt },
    });
  await withLinear(
    event.organizationId,
    (client) =>
      say(client, event.agentSessionId, {
        type: decided.kind === "ask" ? "elicitation" : "error",
        body: decided.text,
      }),
    db,
    env,
  );
}

function agentSessionRow(event: LinearAgentEvent, more: { userId: string; pendingPrompt?: string | null }) {
  return {
    id: event.agentSessionId,
    organizationId: event.organizationId,
    issueId: event.issue.id,
    issueIdentifier: event.issue.identifier,
    issueUrl: event.issue.url,
    ...more,
  };
}

/** The reply target a Linear prompt carries: its answer goes to the agent session (./reply.ts). */
function replyTarget(event: LinearAgentEvent, repository: string) {
  return {
    kind: "linear" as const,
    organizationId: event.organizationId,
    agentSessionId: event.agentSessionId,
    issueId: event.issue.id,
    repository,
  };
}

/**
 * Opens the session as the person, and makes the agent session that session. Retried, opens
 * nothing twice. A refusal (no model can run, a budget spent) comes back in words, to be said.
 */
export async function startLinearSession(
  event: LinearAgentEvent,
  decided: Extract<LinearPlan, { kind: "start" }>,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<{ sessionId: string } | { refused: string }> {
  const session = await createSession(
    {
      repositoryId: decided.repositoryId,
      actor: await loadActor(decided.userId, db, env),
      title: `${event.issue.identifier}: ${event.issue.title}`.slice(0, 120),
      ...(decided.model ? { model: decided.model } : {}),
      prompt: {
        content: decided.prompt,
        clientRequestId: `linear-${event.deliveryId}`,
        source: "linear",
        replyTo: replyTarget(event, decided.repository),
      },
    },
    db,
    env,
  ).catch((error: unknown) => {
    const refused = refusalOf(error);
    if (refused === undefined) throw error;
    return { refused: `I could not start on ${decided.repository}: ${refused}` };
  });
  if ("refused" in session) return session;
  await db.linearAgentSession.upsert({
    where: { id: event.agentSessionId },
    create: { ...agentSessionRow(event, { userId: decided.userId }), sessionId: session.id },
    update: { userId: decided.userId, pendingPrompt: null, sessionId: session.id },
  });
  return { sessionId: session.id };
}

/** Links the session, shows the plan, says where it works, and (once, for a hand-over) moves the issue to started. */
export async function announceWork(
  event: LinearAgentEvent,
  about: { sessionId: string; repository: string; why: string; notes: string[] },
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<void> {
  const url = `${env.controlPlaneUrl}/sessions/${about.sessionId}`;
  await withLinear(
    event.organizationId,
    async (client) => {
      await updateSession(client, event.agentSessionId, {
        links: [{ label: "Nightshift session", url }],
        plan: plan({ analyse: "completed", repository: "completed", work: "inProgress", "pull-request": "pending" }),
      });
      const notes = about.notes.length > 0 ? ` Note: ${about.notes.join("; ")}.` : "";
      await say(client, event.agentSessionId, {
        type: "thought",
        body: `Working on ${about.repository} (${about.why}) in [a Nightshift session](${url}).${notes}`,
      });
      await moveToStarted(client, event, db);
    },
    db,
    env,
  );
}

/** The issue to its team's first "started" state, when it is not started yet; once per agent session. */
async function moveToStarted(client: Parameters<typeof issueFacts>[0], event: LinearAgentEvent, db: DbClient) {
  const row = await db.linearAgentSession.findUnique({ where: { id: event.agentSessionId } });
  if (!row || row.issueStartedAt) return;
  const issue = await client.issue(event.issue.id);
  const [state, team] = await Promise.all([issue.state, issue.team]);
  if (state && !["backlog", "unstarted", "triage"].includes(state.type)) return;
  const states = team ? await team.states() : null;
  const started = states?.nodes
    .filter((candidate) => candidate.type === "started")
    .sort((a, b) => a.position - b.position)[0];
  if (!started) return;
  await client.updateIssue(event.issue.id, { stateId: started.id });
  await db.linearAgentSession.update({ where: { id: event.agentSessionId }, data: { issueStartedAt: new Date() } });
}

/** A reply in the agent session: the next prompt in its session, from whoever wrote it. */
export async function continueLinearSession(
  event: LinearAgentEvent,
  decided: Extract<LinearPlan, { kind: "follow-up" }>,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<{ queued: true } | { refused: string }> {
  const session = await db.session.findUniqueOrThrow({
    where: { id: decided.sessionId },
    select: { repository: { select: hostedRepositorySelect } },
  });
  return enqueuePrompt(
    {
      sessionId: decided.sessionId,
      actor: await loadActor(decided.userId, db, env),
      source: "linear",
      content: decided.text,
      clientRequestId: `linear-${event.deliveryId}`,
      replyTo: replyTarget(event, fullName(session.repository)),
    },
    db,
    env,
  ).then(
    () => ({ queued: true as const }),
    (error: unknown) => {
      const refused = refusalOf(error);
      if (refused === undefined) throw error;
      return { refused: `I could not pass that on: ${refused}` };
    },
  );
}

/**
 * Stop: the running prompt is stopped, and the agent says so in a response (which ends Linear's
 * turn); the stopped prompt's own end is not posted as well.
 */
export async function stopLinearSession(
  event: LinearAgentEvent,
  decided: Extract<LinearPlan, { kind: "stop" }>,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<void> {
  let text = "Stopped, as you asked. Nothing was running.";
  if (decided.sessionId) {
    const actor = await loadActor(decided.userId, db, env);
    const stopped = await stopPrompt({ sessionId: decided.sessionId, actor }, db).catch((error: unknown) => {
      if (error instanceof AppError && error.code === "PRECONDITION_FAILED") return null;
      throw error;
    });
    if (stopped) {
      await db.message.updateMany({
        where: { id: stopped.messageId, repliedAt: null },
        data: { repliedAt: new Date() },
      });
      text = "Stopped, as you asked. What was done until then is in the Nightshift session.";
    }
  } else {
    await db.linearAgentSession.updateMany({ where: { id: event.agentSessionId }, data: { pendingPrompt: null } });
  }
  await withLinear(
    event.organizationId,
    (client) => say(client, event.agentSessionId, { type: "response", body: text }),
    db,
    env,
  );
}
