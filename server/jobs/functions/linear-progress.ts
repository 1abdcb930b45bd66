// linear-progress: a prompt asked in Linear took a step; its agent session shows it as an action,
// at most every few seconds.
import { postLinearProgress } from "../../integrations/linear/progress";
import { linearProgressEvent } from "../events";
import { defineEventJob } from "../job";

export const linearProgressJob = defineEventJob(linearProgressEvent, async ({ messageId }, { step }) => {
  await step("post-action", () => postLinearProgress(messageId));
});
