// The events that start the control plane's event jobs: each one's name, data and queueing, and
// nothing else. Services send these (getJobQueue().send(event, data)); the bodies that run them
// are in ./functions. This file imports no service, so sending a job never imports what a job
// imports.
import { z } from "zod";
import { botTriggerSchema } from "../integrations/github/bot-trigger";
import { linearAgentEventSchema } from "../integrations/linear/schema";
import { slackHomeSchema, slackMessageSchema } from "../integrations/slack/schema";
import { defineJobEvent } from "./job";

/** Start a session's next prompt (./functions/dispatch-prompt.ts). */
export const dispatchPromptEvent = defineJobEvent({
  name: "session-dispatch",
  data: z.object({ sessionId: z.string().min(1) }),
  concurrencyKey: "sessionId",
  retries: 3,
});

/** Start a session's sandbox before its prompt is sent (./functions/warm-sandbox.ts). */
export const warmSandboxEvent = defineJobEvent({
  name: "session-warm",
  data: z.object({ sessionId: z.string().min(1) }),
  concurrencyKey: "sessionId",
  retries: 2,
});

/** Save a sandbox's state: a prompt completed, or a running prompt's checkpoint is due (./functions/snapshot-sandbox.ts). */
export const snapshotSandboxEvent = defineJobEvent({
  name: "sandbox-snapshot",
  data: z.object({ sandboxId: z.string().min(1), reason: z.enum(["prompt", "checkpoint"]) }),
  concurrencyKey: "sandboxId",
  // A snapshot that failed is not worth a second: the next prompt's end takes a new one.
  retries: 0,
});

/** Build a repository image whose row is `building` (./functions/build-repository-image.ts). */
export const buildRepositoryImageEvent = defineJobEvent({
  name: "repository-image-build",
  data: z.object({ imageId: z.string().min(1) }),
  concurrencyKey: "imageId",
  // A build that failed says why on the settings page; the next one is the schedule's or a person's.
  retries: 0,
});

/** The GitHub bot was called (./functions/github-bot.ts). */
export const githubBotEvent = defineJobEvent({
  name: "github-bot",
  data: z.object({ deliveryId: z.string().min(1), trigger: botTriggerSchema }),
  retries: 3,
});

/** Someone asked the Slack bot (./functions/slack-message.ts); one at a time per thread. */
export const slackMessageEvent = defineJobEvent({
  name: "slack-message",
  data: slackMessageSchema,
  concurrencyKey: "threadKey",
  whileWaiting: "queue",
  retries: 3,
});

/** Someone opened the Slack bot's Home tab, or changed a choice there (./functions/slack-home.ts). */
export const slackHomeEvent = defineJobEvent({
  name: "slack-home",
  data: slackHomeSchema,
  // One person's changes apply in the order they were made.
  concurrencyKey: "user",
  whileWaiting: "queue",
  retries: 2,
});

/** A prompt asked in Slack took a step: its status message says so (./functions/slack-progress.ts). */
export const slackProgressEvent = defineJobEvent({
  name: "slack-progress",
  data: z.object({ messageId: z.string().min(1) }),
  // Steps come many times a second: one update waiting per prompt is enough.
  concurrencyKey: "messageId",
  retries: 0,
});

/** Open the session of one automation run (./functions/automation-run.ts). */
export const automationRunEvent = defineJobEvent({
  name: "automation-run",
  data: z.object({ runId: z.string().min(1) }),
  concurrencyKey: "runId",
  retries: 3,
});

/** A firing ended: count it for auto-pause and notify (./functions/automation-firing-ended.ts). */
export const automationFiringEndedEvent = defineJobEvent({
  name: "automation-firing-ended",
  data: z.object({ firingId: z.string().min(1) }),
  concurrencyKey: "firingId",
  retries: 5,
});

/** Linear handed the agent an issue, or someone replied or said stop (./functions/linear-agent.ts); one at a time per agent session. */
export const linearAgentEvent = defineJobEvent({
  name: "linear-agent",
  data: linearAgentEventSchema,
  concurrencyKey: "agentSessionId",
  whileWaiting: "queue",
  retries: 3,
});

/** A prompt asked in Linear took a step: an action in its agent session says so (./functions/linear-progress.ts). */
export const linearProgressEvent = defineJobEvent({
  name: "linear-progress",
  data: z.object({ messageId: z.string().min(1) }),
  concurrencyKey: "messageId",
  retries: 0,
});
