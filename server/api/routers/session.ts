import { z } from "zod";
import { listEvents } from "../../events/list-events";
import { PRESENCE_STATES } from "../../realtime/channels";
import { announcePresence } from "../../sessions/announce-presence";
import { archiveSession, restoreSession } from "../../sessions/archive-session";
import { cancelPrompt } from "../../sessions/cancel-prompt";
import { createSession } from "../../sessions/create-session";
import { enqueuePrompt } from "../../sessions/enqueue-prompt";
import { getSession } from "../../sessions/get-session";
import { joinSession } from "../../sessions/join-session";
import { listSessions } from "../../sessions/list-sessions";
import { requestWarm } from "../../sessions/request-warm";
import { prepareSession } from "../../sessions/prepare-session";
import {
  createSessionInput,
  prepareSessionInput,
  eventsPageInput,
  listSessionsInput,
  messageIdInput,
  sendPromptInput,
  sessionIdInput,
} from "../../sessions/schemas";
import { setSessionBudget, setSessionBudgetInput } from "../../sessions/session-budget";
import { sessionDiff } from "../../sessions/session-diff";
import { stopPrompt } from "../../sessions/stop-prompt";
import { createTRPCRouter, protectedProcedure } from "../trpc";

const session = protectedProcedure.input(sessionIdInput);

export const sessionRouter = createTRPCRouter({
  create: protectedProcedure.input(createSessionInput).mutation(({ ctx, input }) =>
    createSession({
      ...input,
      actor: ctx.actor,
      prompt: input.prompt ? { ...input.prompt, source: "web" } : undefined,
    }),
  ),

  prepare: protectedProcedure
    .input(prepareSessionInput)
    .mutation(({ ctx, input }) => prepareSession({ ...input, actor: ctx.actor })),

  list: protectedProcedure
    .input(listSessionsInput)
    .query(({ ctx, input }) => listSessions({ ...input, actor: ctx.actor })),

  get: session.query(({ ctx, input }) => getSession({ ...input, actor: ctx.actor })),

  events: session.input(eventsPageInput).query(({ ctx, input }) => listEvents({ ...input, actor: ctx.actor })),

  prompt: session
    .input(sendPromptInput)
    .mutation(({ ctx, input }) => enqueuePrompt({ ...input, actor: ctx.actor, source: "web" })),

  cancelPrompt: session
    .input(messageIdInput)
    .mutation(({ ctx, input }) => cancelPrompt({ ...input, actor: ctx.actor })),

  stop: session.mutation(({ ctx, input }) => stopPrompt({ ...input, actor: ctx.actor })),

  archive: session.mutation(({ ctx, input }) => archiveSession({ ...input, actor: ctx.actor })),

  restore: session.mutation(({ ctx, input }) => restoreSession({ ...input, actor: ctx.actor })),

  /** The caller opened the session: they take part in it from now on. */
  join: session.mutation(({ ctx, input }) => joinSession({ ...input, actor: ctx.actor })),

  diff: session.query(({ ctx, input }) => sessionDiff({ ...input, actor: ctx.actor })),

  /** The caller's page is active, idle or away; the session's other pages show it. */
  presence: session
    .input(z.object({ state: z.enum(PRESENCE_STATES) }))
    .mutation(({ ctx, input }) => announcePresence({ ...input, actor: ctx.actor })),

  /** Its creator (or an administrator) sets a limit on what the session's model calls may cost. */
  setBudget: protectedProcedure
    .input(setSessionBudgetInput)
    .mutation(({ ctx, input }) => setSessionBudget({ ...input, actor: ctx.actor })),

  /** Someone started typing: start the sandbox now, so the prompt does not wait for it. */
  warm: session.mutation(({ ctx, input }) => requestWarm({ ...input, actor: ctx.actor })),
});
