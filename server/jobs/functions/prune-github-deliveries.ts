// github-deliveries-prune, every hour: webhook delivery ids older than GitHub redelivers are
// forgotten.
import { pruneGithubDeliveries } from "../../integrations/github/prune-deliveries";
import { defineScheduledJob } from "../job";

export const pruneGithubDeliveriesJob = defineScheduledJob({
  name: "github-deliveries-prune",
  everySeconds: 3600,
  async run({ step }) {
    await step("prune-github-deliveries", () => pruneGithubDeliveries());
  },
});
