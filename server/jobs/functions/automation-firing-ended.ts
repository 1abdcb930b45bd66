// automation-firing-ended: a firing's last run ended. It counts towards auto-pause once, and its
// summary goes to the automation's notification URL and its Slack channel — each sent once, and
// each tried even when the other is refused; the job's retry sends whichever was refused.
import { countFiring, notifyFiring } from "../../automations/firing-outcome";
import { postFiringToSlack } from "../../integrations/slack/automation-results";
import { automationFiringEndedEvent } from "../events";
import { defineEventJob } from "../job";

export const automationFiringEndedJob = defineEventJob(automationFiringEndedEvent, async ({ firingId }, { step }) => {
  await step("count", () => countFiring(firingId));
  await step("notify", async () => {
    const sent = await Promise.allSettled([notifyFiring(firingId), postFiringToSlack(firingId)]);
    const refused = sent.find((outcome) => outcome.status === "rejected");
    if (refused) throw refused.reason;
    return sent.map((outcome) => (outcome.status === "fulfilled" ? outcome.value : false));
  });
});
