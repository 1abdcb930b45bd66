// github-deliveries-prune, every hour: webhook delivery ids older than GitHub redelivers are
// forgotten, and so are workflow tokens a day after they expired, Slack's event ids and Linear's
// delivery ids after a day, and the bots' account links and Slack's held requests once their time is up.
import { pruneWorkflowTokens } from "../../access/workflow-tokens";
import { getDb } from "../../db";
import { pruneGithubDeliveries } from "../../integrations/github/prune-deliveries";
import { pruneLinkTokens } from "../../integrations/account-links";
import { pruneBotDeliveries } from "../../integrations/prune-bot-deliveries";
import { prunePendingRequests } from "../../integrations/slack/picker";
import { defineScheduledJob } from "../job";

export const pruneGithubDeliveriesJob = defineScheduledJob({
  name: "github-deliveries-prune",
  everySeconds: 3600,
  async run({ step }) {
    await step("prune-github-deliveries", () => pruneGithubDeliveries());
    await step("prune-workflow-tokens", () => pruneWorkflowTokens(getDb()));
    await step("prune-bot-deliveries", () => pruneBotDeliveries());
    await step("prune-account-links", () => pruneLinkTokens());
    await step("prune-slack-held-requests", () => prunePendingRequests());
  },
});
