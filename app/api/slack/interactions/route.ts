// Slack's interactivity (the bot's buttons and menus): docs/slack.md#how-it-works.
import { handleSlackInteractions } from "@/server/integrations/slack/interactions";
import { slackRoute } from "@/server/integrations/slack/route-handler";

export const POST = slackRoute((request) => handleSlackInteractions(request));
