// slack-home: someone opened the Slack bot's Home tab, or changed one of their choices there; the
// change is checked and saved, and the tab published again.
import { showHome } from "../../integrations/slack/home";
import { slackHomeEvent } from "../events";
import { defineEventJob } from "../job";

export const slackHomeJob = defineEventJob(slackHomeEvent, async (request, { step }) => {
  await step("publish-home", () => showHome(request));
});
