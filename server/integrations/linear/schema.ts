// What Linear's webhook says when someone hands the agent an issue or talks to it: an
// AgentSessionEvent, as @linear/sdk's AgentSessionEventWebhookPayload describes it, checked
// before anything reads it; and what the door hands its job. Zod only, so that the job's event
// (server/jobs/events.ts) imports nothing else.
import { z } from "zod";

/** Linear's ids are UUIDs; a lenient check that still keeps odd text out of queries and logs. */
const linearId = z.string().regex(/^[\w-]{1,64}$/, "not a Linear id");

/** The issue context, the prompt Linear formatted, is capped: the job's event carries it. */
export const PROMPT_CONTEXT_CHARS = 30_000;
/** A person's reply in the agent session. */
export const PROMPT_BODY_CHARS = 15_000;

export const agentSessionEventPayload = z.looseObject({
  type: z.literal("AgentSessionEvent"),
  action: z.string().min(1),
  organizationId: linearId,
  appUserId: linearId,
  webhookTimestamp: z.number(),
  promptContext: z.string().nullish(),
  agentSession: z.looseObject({
    id: linearId,
    creatorId: linearId.nullish(),
    creator: z.looseObject({ id: linearId, name: z.string(), email: z.string() }).nullish(),
    comment: z.looseObject({ id: linearId, body: z.string() }).nullish(),
    issue: z
      .looseObject({
        id: linearId,
        identifier: z.string().min(1).max(64),
        title: z.string().max(10_000),
        url: z.url(),
        teamId: linearId,
        team: z.looseObject({ key: z.string().max(64) }).nullish(),
      })
      .nullish(),
  }),
  agentActivity: z
    .looseObject({
      userId: linearId.nullish(),
      user: z.looseObject({ id: linearId, name: z.string(), email: z.string() }).nullish(),
      content: z.looseObject({ type: z.string().optional(), body: z.string().optional() }),
      signal: z.string().nullish(),
    })
    .nullish(),
});
export type AgentSessionEventPayload = z.infer<typeof agentSessionEventPayload>;

/** Who in Linear did it: their id, and the name and email Linear gives with the event. */
const linearPerson = z.object({ id: linearId, name: z.string().max(300), email: z.string().max(320) });

/** The linear-agent job's event: one AgentSessionEvent, as much of it as the work needs. */
export const linearAgentEventSchema = z.object({
  deliveryId: z.string().min(1).max(100),
  action: z.enum(["created", "prompted"]),
  organizationId: linearId,
  agentSessionId: linearId,
  issue: z.object({
    id: linearId,
    identifier: z.string(),
    title: z.string(),
    url: z.url(),
    teamId: linearId,
    /** The team's key, as people know it ("ENG"). */
    teamKey: z.string().max(64).nullable(),
  }),
  /** Who handed the issue over (created) or wrote the reply (prompted). */
  from: linearPerson.nullable(),
  /** Linear's formatted issue, comments and guidance (created only), cut to PROMPT_CONTEXT_CHARS. */
  promptContext: z
    .string()
    .max(PROMPT_CONTEXT_CHARS + 100)
    .nullable(),
  /** The reply (prompted), or the comment that mentioned the agent (created), cut. */
  body: z
    .string()
    .max(PROMPT_BODY_CHARS + 100)
    .nullable(),
  /** "stop" when the person asked the agent to stop. */
  signal: z.string().max(40).nullable(),
});
export type LinearAgentEvent = z.infer<typeof linearAgentEventSchema>;
