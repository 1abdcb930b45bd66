// slack-progress: a prompt asked in Slack took a step; its status message in the thread says what
// the agent is doing now, at most every few seconds.
import { postSlackProgress } from "../../integrations/slack/progress";
import { slackProgressEvent } from "../events";
import { defineEventJob } from "../job";

export const slackProgressJob = defineEventJob(slackProgressEvent, async ({ messageId }, { step }) => {
  await step("update-status", () => postSlackProgress(messageId));
});
