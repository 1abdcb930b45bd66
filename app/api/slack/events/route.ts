// Slack's Events API: docs/slack.md#how-it-works.
import { handleSlackEvents } from "@/server/integrations/slack/events";
import { slackRoute } from "@/server/integrations/slack/route-handler";

export const POST = slackRoute((request) => handleSlackEvents(request));
