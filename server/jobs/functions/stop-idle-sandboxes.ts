// sandboxes-stop-idle, every minute: sandboxes idle for 10 minutes are stopped, and prepared
// sessions no one sent are discarded.
import { stopIdleSandboxes } from "../../sandboxes/watch-sandboxes";
import { discardExpiredPreparedSessions } from "../../sessions/prepare-session";
import { defineScheduledJob } from "../job";

export const stopIdleSandboxesJob = defineScheduledJob({
  name: "sandboxes-stop-idle",
  everySeconds: 60,
  async run({ step }) {
    await step("stop-idle-sandboxes", () => stopIdleSandboxes());
    await step("discard-prepared-sessions", () => discardExpiredPreparedSessions());
  },
});
