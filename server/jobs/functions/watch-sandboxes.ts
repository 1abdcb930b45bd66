// sandboxes-watch-heartbeats, every 15 s: sandboxes silent for 60 s are lost; waiting queues with
// nothing running are dispatched; running prompts' sandboxes get their checkpoints; sandboxes that
// time out (Vercel Sandbox) are extended while they work.
import { declareLostSandboxes, redispatchWaitingSessions } from "../../sandboxes/watch-sandboxes";
import { checkpointRunningSandboxes } from "../../sandboxes/snapshots/checkpoints";
import { extendSandboxTimeouts } from "../../sandboxes/extend-timeouts";
import { defineScheduledJob } from "../job";

export const watchSandboxesJob = defineScheduledJob({
  name: "sandboxes-watch-heartbeats",
  everySeconds: 15,
  async run({ step }) {
    await step("declare-lost-sandboxes", () => declareLostSandboxes());
    await step("redispatch-waiting-sessions", () => redispatchWaitingSessions());
    await step("checkpoint-running-sandboxes", () => checkpointRunningSandboxes());
    await step("extend-sandbox-timeouts", () => extendSandboxTimeouts());
  },
});
