// One message to the bot, decided and carried out (the slack-message job runs these as steps).
// A reply in a thread that is a session is a follow-up prompt there, from whoever wrote it if
// they may write to its repository; anything else starts a session on the repository the request
// is about (./choose-repository.ts, or its author's pick: ./picker.ts), as the person who asked
// (./people.ts), answered at once with a "Working on…" status message. Someone who may not write
// there is told so in the thread; someone Nightshift does not know is offered a link only they
// see. docs/slack.md#how-it-works.
import { loadActor } from "../../access/actor";
import { writeRefusal } from "../../access/write-refusal";
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import { refusalOf } from "../../errors";
import type { Prisma } from "../../generated/prisma/client";
import { hostedRepositorySelect } from "../../git/code-host";
import { createSession } from "../../sessions/create-session";
import { enqueuePrompt } from "../../sessions/enqueue-prompt";
import { botIdentity, slackClient, slackConfig } from "./client";
import { chooseRepository, type RepositoryChoice } from "./choose-repository";
import { candidatesOf, type PickerCandidate } from "./picker";
import { escapeMrkdwn, finishedMessage, plainText, workingMessage } from "./format";
import { createLinkUrl, LINK_LIFETIME_MS } from "../account-links";
import { slackPerson } from "./people";
import { sessionPreferences } from "./preferences";
import { slackPrompt, threadContext } from "./prompt";
import { type SlackReplyTarget, slackReplyTargetSchema } from "./reply";
import type { SlackMessage } from "./schema";

export type SlackPlan =
  | { kind: "ignore"; why: string }
  /** `privately`: only its author sees it (it names repositories others in the channel may not see). */
  | { kind: "say"; text: string; privately?: boolean }
  | { kind: "link" }
  | { kind: "pick"; candidates: PickerCandidate[]; why: string }
  | { kind: "follow-up"; userId: string; sessionId: string; repository: string; text: string; lastPromptTs: string }
  | { kind: "start"; userId: string; repositoryId: string; repository: string; why: string; text: string };

/** What to do with the message; asks Slack and the code host, changes nothing. */
export async function planSlackMessage(
  message: SlackMessage,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<SlackPlan> {
  const bot = await botIdentity(slackConfig(env));
  const text = plainText(message.text, bot.userId);
  const userId = await slackPerson({ slackUserId: message.user, teamId: message.teamId }, db, env);
  // A reply in a session's thread that does not speak to the bot, from someone who may not
  // prompt there, is the discussion around the work: the next prompt carries it.
  const discussion = (why: string): SlackPlan => ({ kind: "ignore", why });
  if (!userId) return message.addressed ? { kind: "link" } : discussion("someone Nightshift does not know");
  const actor = await loadActor(userId, db, env);

  const thread = message.threadTs
    ? await db.slackThread.findUnique({
        where: { channel_threadTs: { channel: message.channel, threadTs: message.threadTs } },
        select: {
          lastPromptTs: true,
          session: { select: { id: true, status: true, repository: { select: hostedRepositorySelect } } },
        },
      })
    : null;
  if (thread && thread.session.status !== "archived") {
    const { repository } = thread.session;
    const name = `${repository.owner}/${repository.name}`;
    const refusal = await writeRefusal(actor, repository);
    if (refusal)
      return message.addressed ? { kind: "say", text: refusal } : discussion("someone who may not write there");
    if (!text) return discussion("an empty message");
    return {
      kind: "follow-up",
      userId,
      sessionId: thread.session.id,
      repository: name,
      text,
      lastPromptTs: thread.lastPromptTs,
    };
  }

  // Only a mention or a direct message starts something new: a reply without one in the thread of
  // an archived session is talk.
  if (!message.addressed) return discussion("a reply in the thread of an archived session");
  if (!text)
    return {
      kind: "say",
      text: "What should I do? Mention me with a request, such as “fix the failing test in acme/widgets”.",
    };
  const choice = message.pick
    ? await pickedRepository(message.pick, db)
    : await chooseRepository({ text, channel: message.channel, actor }, db);
  if (choice.kind === "none") return { kind: "say", text: choice.why, privately: Boolean(message.pick) };
  if (choice.kind === "unsure") return { kind: "pick", candidates: candidatesOf(choice.candidates), why: choice.why };
  const name = `${choice.repository.owner}/${choice.repository.name}`;
  const refusal = await writeRefusal(actor, choice.repository);
  if (refusal) return { kind: "say", text: refusal };
  return { kind: "start", userId, repositoryId: choice.repository.id, repository: name, why: choice.why, text };
}

/** The repository the author picked for their held request, while it waits and was offered. */
async function pickedRepository(
  pick: NonNullable<SlackMessage["pick"]>,
  db: DbClient,
): Promise<Exclude<RepositoryChoice, { kind: "unsure" }>> {
  const pending = await db.slackPendingRequest.findUnique({ where: { id: pick.pendingId } });
  if (!pending || pending.expiresAt < new Date())
    return { kind: "none", why: "I kept that request for an hour, and the hour is up. Ask me again." };
  if (pending.pickedAt) return { kind: "none", why: "You picked a repository for that request already." };
  const repository = pending.candidates.includes(pick.repositoryId)
    ? await db.repository.findUnique({ where: { id: pick.repositoryId }, select: hostedRepositorySelect })
    : null;
  if (!repository)
    return { kind: "none", why: "That repository is not one I offered, or it was removed. Ask me again." };
  return { kind: "chosen", repository, why: "you chose it" };
}

/** The thread the bot answers in: the message's own thread, or the thread it starts. */
export const threadOf = (message: SlackMessage) => message.threadTs ?? message.ts;

/** Says something in the thread: for everyone there, or only for the message's author. */
export async function sayInThread(
  message: SlackMessage,
  plan: Extract<SlackPlan, { kind: "say" }>,
  env: Env = getEnv(),
): Promise<void> {
  const client = slackClient(slackConfig(env));
  const reply = { channel: message.channel, thread_ts: threadOf(message), text: escapeMrkdwn(plan.text) };
  if (plan.privately) await client.chat.postEphemeral({ ...reply, user: message.user });
  else await client.chat.postMessage(reply);
}

/** Tells someone Nightshift does not know how to link their Slack account, where only they see it. */
export async function offerLink(message: SlackMessage, db: DbClient = getDb(), env: Env = getEnv()): Promise<void> {
  const url = await createLinkUrl({ kind: "slack", externalUserId: message.user, teamId: message.teamId }, db, env);
  const minutes = Math.round(LINK_LIFETIME_MS / 60_000);
  await slackClient(slackConfig(env)).chat.postEphemeral({
    channel: message.channel,
    user: message.user,
    thread_ts: threadOf(message),
    text: `I do not know who you are in Nightshift yet, so I cannot work for you. Sign in to Nightshift and link your Slack account: <${url}|link my Slack account> (good for ${minutes} minutes, and only for you). Then ask me again.`,
  });
}

/**
 * Opens the session as the person who asked, with their request and whatever the thread held
 * before it and their Home tab's choices, and makes the thread that session. The event id makes
 * a retried job open nothing twice. A refusal (no model can run, a budget spent) comes back in
 * words, to be said in the thread.
 */
export async function startSlackSession(
  message: SlackMessage,
  plan: Extract<SlackPlan, { kind: "start" }>,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<{ sessionId: string; notes: string[] } | { refused: string }> {
  const actor = await loadActor(plan.userId, db, env);
  const earlier = message.threadTs ? await threadContext(message, { after: null, before: message.ts }, env) : [];
  const repository = await db.repository.findUniqueOrThrow({
    where: { id: plan.repositoryId },
    select: hostedRepositorySelect,
  });
  const { notes, ...chosen } = await sessionPreferences(actor, repository, db, env);
  const session = await createSession(
    {
      repositoryId: plan.repositoryId,
      actor,
      ...chosen,
      title: plan.text.split("\n")[0]!.slice(0, 120),
      prompt: {
        content: slackPrompt(plan.text, earlier, "before"),
        clientRequestId: `slack-${message.eventId}`,
        source: "slack",
        replyTo: replyTarget(message, plan.repository),
      },
    },
    db,
    env,
  ).catch((error: unknown) => {
    const refused = refusalOf(error);
    if (refused === undefined) throw error;
    return { refused: `I could not start on ${plan.repository}: ${refused}` };
  });
  if ("refused" in session) return session;
  if (message.pick)
    await db.slackPendingRequest.updateMany({
      where: { id: message.pick.pendingId, pickedAt: null },
      data: { pickedAt: new Date() },
    });
  await db.slackThread.upsert({
    where: { channel_threadTs: { channel: message.channel, threadTs: threadOf(message) } },
    create: { channel: message.channel, threadTs: threadOf(message), sessionId: session.id, lastPromptTs: message.ts },
    update: { sessionId: session.id, lastPromptTs: message.ts },
  });
  return { sessionId: session.id, notes };
}

/** Queues a follow-up in the thread's session, with what people wrote since the last prompt. */
export async function continueSlackSession(
  message: SlackMessage,
  plan: Extract<SlackPlan, { kind: "follow-up" }>,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<{ queued: true } | { refused: string }> {
  const since = await threadContext(message, { after: plan.lastPromptTs, before: message.ts }, env);
  const queued = await enqueuePrompt(
    {
      sessionId: plan.sessionId,
      actor: await loadActor(plan.userId, db, env),
      source: "slack",
      content: slackPrompt(plan.text, since, "since"),
      clientRequestId: `slack-${message.eventId}`,
      replyTo: replyTarget(message, plan.repository),
    },
    db,
    env,
  ).catch((error: unknown) => {
    const refused = refusalOf(error);
    if (refused === undefined) throw error;
    return { refused: `I could not pass that on: ${refused}` };
  });
  if ("refused" in queued) return queued;
  await db.slackThread.updateMany({
    where: { channel: message.channel, threadTs: threadOf(message), lastPromptTs: { lt: message.ts } },
    data: { lastPromptTs: message.ts },
  });
  return { queued: true };
}

/**
 * The status message ("Working on…", with the session's link), kept on the prompt so that the
 * agent's steps update it (./progress.ts) and its end closes it (./reply.ts).
 */
export async function postWorking(
  message: SlackMessage,
  about: { repository: string; note: string; sessionId: string },
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<void> {
  const prompt = await db.message.findUnique({
    where: { sessionId_clientRequestId: { sessionId: about.sessionId, clientRequestId: `slack-${message.eventId}` } },
    select: { id: true, replyTo: true },
  });
  const target = slackReplyTargetSchema.safeParse(prompt?.replyTo);
  // One status message per prompt: a repeat of the request (a second press, a retried job) posts none.
  if (!prompt || !target.success || target.data.statusTs) return;
  const reply = workingMessage(about.repository, about.note, `${env.controlPlaneUrl}/sessions/${about.sessionId}`);
  const posted = await slackClient(slackConfig(env)).chat.postMessage({
    channel: message.channel,
    thread_ts: threadOf(message),
    ...reply,
  });
  if (!posted.ts) return;
  const { repliedAt } = await db.message.update({
    where: { id: prompt.id },
    data: { replyTo: { ...target.data, statusTs: posted.ts } as Prisma.InputJsonObject },
    select: { repliedAt: true },
  });
  // A prompt quicker than this message was answered without it: close it now.
  if (repliedAt)
    await slackClient(slackConfig(env)).chat.update({
      channel: message.channel,
      ts: posted.ts,
      ...finishedMessage(about.repository, `${env.controlPlaneUrl}/sessions/${about.sessionId}`, true),
    });
}

/** 👀 on the message: the bot has it. Taken off when the answer is posted (./reply.ts). */
export async function acknowledge(message: SlackMessage, env: Env = getEnv()): Promise<void> {
  await slackClient(slackConfig(env))
    .reactions.add({ channel: message.channel, timestamp: message.ts, name: "eyes" })
    .catch((error: { data?: { error?: string } }) => {
      if (error.data?.error !== "already_reacted") throw error;
    });
}

function replyTarget(message: SlackMessage, repository: string): SlackReplyTarget {
  return { kind: "slack", channel: message.channel, threadTs: threadOf(message), messageTs: message.ts, repository };
}
