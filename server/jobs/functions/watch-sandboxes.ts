// sandboxes-watch-heartbeats, every 15 s: sandboxes silent for 60 s are lost; waiting queues with
// nothing running are dispatched.
import { declareLostSandboxes, redispatchWaitingSessions } from "../../sandboxes/watch-sandboxes";
import { defineScheduledJob } from "../job";

export const watchSandboxesJob = defineScheduledJob({
  name: "sandboxes-watch-heartbeats",
  everySeconds: 15,
  async run({ step }) {
    await step("declare-lost-sandboxes", () => declareLostSandboxes());
    await step("redispatch-waiting-sessions", () => redispatchWaitingSessions());
  },
});
