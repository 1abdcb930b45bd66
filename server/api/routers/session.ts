import { z } from "zod";
import { listEvents } from "../../events/list-events";
import { PRESENCE_STATES } from "../../realtime/channels";
import { publishPresenceState } from "../../realtime/publisher";
import { archiveSession, restoreSession } from "../../sessions/archive-session";
import { cancelPrompt } from "../../sessions/cancel-prompt";
import { createSession } from "../../sessions/create-session";
import { enqueuePrompt } from "../../sessions/enqueue-prompt";
import { getSession } from "../../sessions/get-session";
import { joinSession } from "../../sessions/join-session";
import { listSessions } from "../../sessions/list-sessions";
import {
  createSessionInput,
  eventsPageInput,
  listSessionsInput,
  messageIdInput,
  sendPromptInput,
} from "../../sessions/schemas";
import { sessionDiff } from "../../sessions/session-diff";
import { requestWarm } from "../../sessions/request-warm";
import { stopPrompt } from "../../sessions/stop-prompt";
import { createTRPCRouter, protectedProcedure, sessionProcedure, sessionWriteProcedure } from "../trpc";

export const sessionRouter = createTRPCRouter({
  create: protectedProcedure.input(createSessionInput).mutation(({ ctx, input }) =>
    createSession({
      ...input,
      createdById: ctx.user.id,
      prompt: input.prompt ? { ...input.prompt, source: "web" } : undefined,
    }),
  ),

  list: protectedProcedure
    .input(listSessionsInput)
    .query(({ ctx, input: { mine, ...filters } }) =>
      listSessions({ ...filters, viewerId: ctx.user.id, participantId: mine ? ctx.user.id : undefined }),
    ),

  get: sessionProcedure.query(({ input }) => getSession({ sessionId: input.sessionId })),

  events: sessionProcedure.input(eventsPageInput).query(({ input }) => listEvents(input)),

  prompt: sessionWriteProcedure
    .input(sendPromptInput)
    .mutation(({ ctx, input }) => enqueuePrompt({ ...input, authorId: ctx.user.id, source: "web" })),

  cancelPrompt: sessionWriteProcedure.input(messageIdInput).mutation(({ input }) => cancelPrompt(input)),

  stop: sessionWriteProcedure.mutation(({ ctx, input }) =>
    stopPrompt({ sessionId: input.sessionId, stoppedById: ctx.user.id }),
  ),

  archive: sessionWriteProcedure.mutation(({ input }) => archiveSession(input)),

  restore: sessionWriteProcedure.mutation(({ input }) => restoreSession(input)),

  /** The caller opened the session: they take part in it from now on. */
  join: sessionProcedure.mutation(({ ctx, input }) => joinSession({ sessionId: input.sessionId, userId: ctx.user.id })),

  diff: sessionProcedure.query(({ input }) => sessionDiff(input)),

  /** The caller's page is active, idle or away; the session's other pages show it. */
  presence: sessionProcedure
    .input(z.object({ state: z.enum(PRESENCE_STATES) }))
    .mutation(({ ctx, input }) => publishPresenceState(input.sessionId, ctx.user.id, input.state)),

  /** Someone started typing: start the sandbox now, so the prompt does not wait for it. */
  warm: sessionWriteProcedure.mutation(({ input }) => requestWarm(input.sessionId)),
});
