// What an automation is made of, as the form, tRPC and /api/v1 send it. Pure (zod only): the
// form validates with the same schemas as the server.
import { z } from "zod";
import { slackChannelId } from "../integrations/slack/routing-schemas";
import { reasoningEffortSchema } from "../sessions/schemas";
import { webhookCondition } from "./conditions";
import { scheduleProblem } from "./schedule";

export const AUTOMATION_LIMITS = {
  name: 200,
  instructions: 15_000,
  targets: 10,
  conditions: 20,
  /** Inbound webhook bodies, and Sentry's. */
  webhookBodyBytes: 64 * 1024,
  sentryBodyBytes: 256 * 1024,
  /** How much of a payload the agent sees, pretty-printed. */
  contextChars: 4096,
} as const;

export const SENTRY_LEVELS = ["fatal", "error", "warning", "info", "debug"] as const;

const scheduleTrigger = z
  .object({
    type: z.literal("schedule"),
    cron: z.string().trim().min(1, "Give a schedule.").max(100),
    timeZone: z.string().trim().min(1).max(64).default("UTC"),
  })
  .superRefine((trigger, context) => {
    const problem = scheduleProblem(trigger.cron, trigger.timeZone);
    if (problem) context.addIssue({ code: "custom", path: ["cron"], message: problem });
  });

const webhookTrigger = z.object({
  type: z.literal("webhook"),
  conditions: z
    .array(webhookCondition)
    .max(AUTOMATION_LIMITS.conditions, `At most ${AUTOMATION_LIMITS.conditions} conditions.`)
    .default([]),
});

const sentryTrigger = z.object({
  type: z.literal("sentry"),
  /** The internal integration's client secret. Needed when the automation becomes a Sentry one; kept when left out. */
  clientSecret: z.string().trim().min(8, "Paste the integration's client secret.").max(200).optional(),
  /** Project slugs; none: every project. */
  projects: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
  /** Levels; none: every level. */
  levels: z.array(z.enum(SENTRY_LEVELS)).max(SENTRY_LEVELS.length).default([]),
});

export const automationTrigger = z.discriminatedUnion("type", [scheduleTrigger, webhookTrigger, sentryTrigger]);
export type AutomationTriggerInput = z.input<typeof automationTrigger>;

const target = z.object({
  repositoryId: z.string().min(1).max(64),
  /** The base branch; none: the repository's default. */
  branch: z.string().trim().min(1).max(255).nullish(),
});

export const automationFields = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Name it.")
    .max(AUTOMATION_LIMITS.name, `A name can be at most ${AUTOMATION_LIMITS.name} characters.`),
  instructions: z
    .string()
    .max(
      AUTOMATION_LIMITS.instructions,
      `Instructions can be at most ${AUTOMATION_LIMITS.instructions.toLocaleString("en")} characters.`,
    )
    .refine((text) => text.trim().length > 0, "Write the instructions."),
  targets: z
    .array(target)
    .min(1, "Choose a repository.")
    .max(AUTOMATION_LIMITS.targets, `At most ${AUTOMATION_LIMITS.targets} repositories.`)
    .refine(
      (targets) => new Set(targets.map((t) => t.repositoryId)).size === targets.length,
      "A repository is listed twice.",
    ),
  model: z.string().trim().min(1).max(200).nullish(),
  reasoningEffort: reasoningEffortSchema.nullish(),
  trigger: automationTrigger,
  /** Where a signed summary of each finished firing is POSTed. */
  notifyUrl: z
    .url({ protocol: /^https?$/, error: "Give an http(s) URL." })
    .max(2000)
    .nullish(),
  /** A Slack channel (its ID) where each finished firing's results are posted. */
  slackChannel: slackChannelId.nullish(),
  /** Who it runs as; only administrators may name someone else. Default: whoever creates it. */
  ownerId: z.string().min(1).max(64).optional(),
  /** Default: enabled. No default in the schema itself, so that a partial change never resumes it by accident. */
  enabled: z.boolean().optional(),
});
export type AutomationFields = z.output<typeof automationFields>;

export const automationIdInput = z.object({ automationId: z.string().min(1).max(64) });
export const createAutomationInput = automationFields;
export const updateAutomationInput = automationIdInput.extend({ changes: automationFields.partial() });
export const listFiringsInput = automationIdInput.extend({
  limit: z.number().int().min(1).max(100).default(20),
  cursor: z.string().max(64).optional(),
});
export const schedulePreviewInput = z.object({
  cron: z.string().max(100),
  timeZone: z.string().max(64),
  count: z.number().int().min(1).max(10).default(5),
});
