// automation-firing-ended: a firing's last run ended. It counts towards auto-pause once, and its
// summary goes to the automation's notification URL (retried with the job when it is refused).
import { countFiring, notifyFiring } from "../../automations/firing-outcome";
import { automationFiringEndedEvent } from "../events";
import { defineEventJob } from "../job";

export const automationFiringEndedJob = defineEventJob(automationFiringEndedEvent, async ({ firingId }, { step }) => {
  await step("count", () => countFiring(firingId));
  await step("notify", () => notifyFiring(firingId));
});
