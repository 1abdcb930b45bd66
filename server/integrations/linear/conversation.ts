// One agent session event, decided (../linear-agent job; ./act.ts carries it out).
// Someone handed the agent an issue (created): it says at once that it is looking, works out who
// asked and which repository, then opens a Nightshift session as that person, links it, shows the
// plan and moves the issue to started — or asks which repository, or says why it cannot. A reply
// (prompted) answers that question, or is a follow-up in the same session; "stop" stops it.
// docs/linear.md#how-it-works.
import { type Actor, loadActor } from "../../access/actor";
import { writeRefusal } from "../../access/write-refusal";
import { writableRepositories } from "../../access/writable-repositories";
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import { type HostedRepository, hostedRepositorySelect } from "../../git/code-host";
import { listModels } from "../../models/list-models";
import { fullName, mentions } from "../../repositories/choose-among";
import { cut, untrusted } from "../../security/untrusted-content";
import { say } from "./activities";
import { chooseLinearRepository, issueFacts, modelFromLabels } from "./choose";
import { withLinear } from "./client";
import { linearPerson } from "./people";
import type { LinearAgentEvent } from "./schema";

export type LinearPlan =
  /** Said as an error: the turn ends, nothing is opened. */
  | { kind: "refuse"; text: string }
  /** Someone Nightshift does not know: a one-time link to say who they are, only for them. */
  | { kind: "link"; linearUserId: string; name: string }
  /** An elicitation: the prompt waits for the answer. */
  | { kind: "ask"; userId: string; text: string; prompt: string }
  | {
      kind: "start";
      userId: string;
      repositoryId: string;
      repository: string;
      why: string;
      prompt: string;
      model: string | null;
      notes: string[];
    }
  | { kind: "follow-up"; userId: string; sessionId: string; text: string }
  | { kind: "stop"; userId: string; sessionId: string | null };

/** The first thing Linear sees, within its 10 seconds: the agent is on it. */
export async function acknowledge(event: LinearAgentEvent, db: DbClient = getDb(), env: Env = getEnv()) {
  const text = event.action === "created" ? `Looking at ${event.issue.identifier}…` : "Reading your reply…";
  await withLinear(
    event.organizationId,
    (client) => say(client, event.agentSessionId, { type: "thought", body: text }, { ephemeral: true }),
    db,
    env,
  );
}

export async function planLinearEvent(
  event: LinearAgentEvent,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<LinearPlan> {
  if (!event.from) return { kind: "refuse", text: "Linear did not say who asked, so I cannot work as anyone." };
  const userId = await linearPerson(event.from, event.organizationId, db);
  if (!userId) return { kind: "link", linearUserId: event.from.id, name: `${event.from.name} (${event.from.email})` };
  const actor = await loadActor(userId, db, env);
  const known = await db.linearAgentSession.findUnique({ where: { id: event.agentSessionId } });

  if (event.action === "prompted") {
    // Stopping or prompting a session's work takes what prompting it anywhere takes: write access.
    if (known?.sessionId) {
      const session = await db.session.findUniqueOrThrow({
        where: { id: known.sessionId },
        select: { repository: { select: hostedRepositorySelect } },
      });
      const refusal = await writeRefusal(actor, session.repository);
      if (refusal) return { kind: "refuse", text: refusal };
    }
    if (event.signal === "stop") return { kind: "stop", userId, sessionId: known?.sessionId ?? null };
    if (known?.sessionId) {
      if (!event.body?.trim()) return { kind: "refuse", text: "Your reply was empty: what should I do?" };
      return { kind: "follow-up", userId, sessionId: known.sessionId, text: event.body };
    }
    // Whoever answers, the work stays the request of the person who handed the issue over.
    if (known?.pendingPrompt) {
      const owner = known.userId && known.userId !== userId ? await loadActor(known.userId, db, env) : actor;
      return answerToQuestion(event, owner, known.pendingPrompt, db);
    }
    return { kind: "refuse", text: "I lost track of this conversation; hand me the issue again." };
  }

  const prompt = firstPrompt(event);
  const facts = await withLinear(event.organizationId, (client) => issueFacts(client, event.issue.id), db, env);
  const choice = await chooseLinearRepository(
    {
      team: [event.issue.teamId, ...(event.issue.teamKey ? [event.issue.teamKey] : [])],
      facts,
      written: event.body ?? "",
      about: `${event.issue.title}\n\n${event.promptContext ?? ""}`,
      actor,
      suggest: (candidates) =>
        withLinear(
          event.organizationId,
          async (client) =>
            (
              await client.issueRepositorySuggestions(candidates, event.issue.id, {
                agentSessionId: event.agentSessionId,
              })
            ).suggestions,
          db,
          env,
        ),
    },
    db,
    env,
  );
  if (choice.kind === "none") return { kind: "refuse", text: choice.why };
  if (choice.kind === "unsure") return { kind: "ask", userId, prompt, text: question(choice.candidates, choice.why) };
  const refusal = await writeRefusal(actor, choice.repository);
  if (refusal) return { kind: "refuse", text: refusal };
  const models = await listModels({ actor, repositoryId: choice.repository.id, db, env });
  const labelled = modelFromLabels(facts.labels, models.models);
  return {
    kind: "start",
    userId,
    repositoryId: choice.repository.id,
    repository: fullName(choice.repository),
    why: choice.why,
    prompt,
    model: labelled?.model ?? choice.model ?? null,
    notes: labelled?.note ? [labelled.note] : [],
  };
}

/** The answer to "which repository?": the one it names among those the person who asked can write to. */
async function answerToQuestion(
  event: LinearAgentEvent,
  actor: Actor,
  prompt: string,
  db: DbClient,
): Promise<LinearPlan> {
  const writable = await writableRepositories(actor, db);
  const named = writable.filter((repository) => mentions(event.body ?? "", fullName(repository)));
  if (named.length !== 1)
    return { kind: "ask", userId: actor.id, prompt, text: question(writable, "I could not tell which one you meant") };
  return {
    kind: "start",
    userId: actor.id,
    repositoryId: named[0]!.id,
    repository: fullName(named[0]!),
    why: "you chose it",
    prompt,
    model: null,
    notes: [],
  };
}

function question(candidates: HostedRepository[], why: string): string {
  const shown = candidates.slice(0, 10).map((repository) => `- ${fullName(repository)}`);
  const more = candidates.length > 10 ? [`- and ${candidates.length - 10} more`] : [];
  return [`Which repository should I work in? (${why}.) Reply with its owner/name:`, ...shown, ...more].join("\n");
}

/**
 * The first prompt: what to do (Nightshift's words), the person's own comment when they
 * mentioned the agent (their words: the task), and Linear's issue context — written by anyone in
 * the workspace, so marked as untrusted.
 */
function firstPrompt(event: LinearAgentEvent): string {
  const { issue } = event;
  const lines = [
    `You were handed the Linear issue ${issue.identifier}, "${issue.title}" (${issue.url}).`,
    "Do what it asks: make the changes, commit them, and open a pull request with the create-pull-request tool. Your final message is posted on the issue.",
  ];
  if (event.body?.trim()) lines.push("", "The person who handed it to you wrote:", cut(event.body, 15_000));
  if (event.promptContext) lines.push("", untrusted("Linear issue", event.promptContext));
  return lines.join("\n");
}
