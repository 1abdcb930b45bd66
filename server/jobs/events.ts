// The events that start the control plane's event jobs: each one's name, data and queueing, and
// nothing else. Services send these (getJobQueue().send(event, data)); the bodies that run them
// are in ./functions. This file imports no service, so sending a job never imports what a job
// imports.
import { z } from "zod";
import { botTriggerSchema } from "../integrations/github/bot-trigger";
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

/** The GitHub bot was called (./functions/github-bot.ts). */
export const githubBotEvent = defineJobEvent({
  name: "github-bot",
  data: z.object({ deliveryId: z.string().min(1), trigger: botTriggerSchema }),
  retries: 3,
});
