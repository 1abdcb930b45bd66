// sandbox-snapshot: saves a sandbox's state after a prompt (or as a running prompt's checkpoint).
// One at a time per sandbox.
import { takeSnapshot } from "../../sandboxes/snapshots/take-snapshot";
import { snapshotSandboxEvent } from "../events";
import { defineEventJob } from "../job";

export const snapshotSandboxJob = defineEventJob(snapshotSandboxEvent, async ({ sandboxId, reason }, { step }) => {
  await step("take-snapshot", () => takeSnapshot(sandboxId, reason));
});
