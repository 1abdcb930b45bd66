// sandboxes-stop-idle, every minute: sandboxes idle for 10 minutes are stopped.
import { stopIdleSandboxes } from "../../sandboxes/watch-sandboxes";
import { defineScheduledJob } from "../job";

export const stopIdleSandboxesJob = defineScheduledJob({
  name: "sandboxes-stop-idle",
  everySeconds: 60,
  async run({ step }) {
    await step("stop-idle-sandboxes", () => stopIdleSandboxes());
  },
});
