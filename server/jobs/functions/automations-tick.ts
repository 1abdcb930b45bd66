// automations-tick, every 30 seconds: due schedules fire, and stalled, retrying and overlong
// automation runs are swept (server/automations/scheduler.ts).
import { tickAutomations } from "../../automations/scheduler";
import { defineScheduledJob } from "../job";

export const automationsTickJob = defineScheduledJob({
  name: "automations-tick",
  everySeconds: 30,
  async run({ step }) {
    await step("tick", () => tickAutomations());
  },
});
