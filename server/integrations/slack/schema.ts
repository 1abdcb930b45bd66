// What the Slack door hands its job: one person's message to the bot, taken from an Events API
// delivery (./events.ts). Zod only, so that the job's event (server/jobs/events.ts) imports
// nothing else.
import { z } from "zod";

export const slackMessageSchema = z.object({
  /** Slack's event_id: the prompt's request id, so a retried job queues it once. */
  eventId: z.string().min(1),
  teamId: z.string().min(1),
  channel: z.string().min(1),
  /** "im" for a direct message; "channel", "group" or "mpim" otherwise. */
  channelType: z.string().min(1),
  user: z.string().min(1),
  text: z.string(),
  ts: z.string().min(1),
  /** The thread the message is in, when it is a reply. */
  threadTs: z.string().min(1).optional(),
  /** Whether it spoke to the bot: a mention, or a direct message. A reply in a session's thread need not. */
  addressed: z.boolean(),
  /** `<channel>/<threadTs, else ts>`: the thread's messages are handled one at a time. */
  threadKey: z.string().min(1),
  /** The author's answer to the repository picker (./picker.ts): the request again, placed. */
  pick: z
    .object({
      pendingId: z.string().min(1),
      repositoryId: z.string().min(1),
      /** Where the picker message is replaced once the session is open. */
      responseUrl: z.url().optional(),
    })
    .optional(),
});
export type SlackMessage = z.infer<typeof slackMessageSchema>;

/** What the Home tab's job (./home.ts) is asked: show someone's Home tab, after a change they made there. */
export const slackHomeSchema = z.object({
  teamId: z.string().min(1),
  user: z.string().min(1),
  /** The repository whose choices the tab shows; null for every repository. */
  scope: z.string().min(1).max(64).nullable(),
  change: z
    .discriminatedUnion("kind", [
      z.object({
        kind: z.literal("set"),
        field: z.enum(["model", "reasoningEffort", "baseBranch"]),
        /** Null: no choice (the default). */
        value: z.string().trim().max(255).nullable(),
      }),
      z.object({ kind: z.literal("clear") }),
    ])
    .optional(),
});
export type SlackHome = z.infer<typeof slackHomeSchema>;
