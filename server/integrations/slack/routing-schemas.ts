// The forms of Slack's routing (./routing.ts), shared by the settings page and the server.
import { z } from "zod";

export const SLACK_ROUTING_LIMITS = { rules: 100, keyword: 100 };

export const routingRuleInput = z.object({
  keyword: z
    .string()
    .trim()
    .min(1, "Write the keyword.")
    .max(SLACK_ROUTING_LIMITS.keyword, `A keyword is at most ${SLACK_ROUTING_LIMITS.keyword} characters.`)
    .regex(
      /^[\p{L}\p{N}][\p{L}\p{N} ._/-]*$/u,
      "Letters, digits, spaces and . _ / - only, starting with a letter or digit.",
    )
    .transform((keyword) => keyword.toLowerCase()),
  repositoryId: z.string().min(1, "Choose a repository."),
});

/** A Slack channel, by its ID (people see it at the bottom of the channel's details). */
export const slackChannelId = z
  .string()
  .trim()
  .regex(/^[CG][A-Z0-9]{6,}$/, "A channel ID, such as C0123ABCDEF (Slack: the channel's details, at the bottom).");

export const channelDefaultInput = z.object({
  channel: slackChannelId,
  repositoryId: z.string().min(1, "Choose a repository."),
});
