// sandboxes-stop-idle, every minute: sandboxes idle for 10 minutes are suspended or stopped,
// suspended ones beyond the limit or an hour old are stopped, and prepared sessions no one sent
// are discarded.
import { getEnv } from "../../env";
import { stopSuspendedSandboxes } from "../../sandboxes/suspend-sandboxes";
import { stopIdleSandboxes } from "../../sandboxes/watch-sandboxes";
import { discardExpiredPreparedSessions } from "../../sessions/prepare-session";
import { defineScheduledJob } from "../job";

export const stopIdleSandboxesJob = defineScheduledJob({
  name: "sandboxes-stop-idle",
  everySeconds: 60,
  async run({ step }) {
    await step("stop-idle-sandboxes", () => stopIdleSandboxes());
    await step("stop-suspended-sandboxes", () => stopSuspendedSandboxes(getEnv().sandboxes.suspendedLimit));
    await step("discard-prepared-sessions", () => discardExpiredPreparedSessions());
  },
});
