// automation-run: opens one automation run's session, as the automation's owner, with its prompt.
import { startAutomationRun } from "../../automations/run-automation";
import { automationRunEvent } from "../events";
import { defineEventJob } from "../job";

export const automationRunJob = defineEventJob(automationRunEvent, async ({ runId }, { step }) => {
  await step("open-session", () => startAutomationRun(runId));
});
