// session-warm: starts a session's sandbox before its prompt is sent (someone is typing), unless
// it has one. One at a time per session.
import { spawnSandbox } from "../../sandboxes/spawn-sandbox";
import { claimWarmSandbox } from "../../sessions/warm-sandbox";
import { warmSandboxEvent } from "../events";
import { defineEventJob } from "../job";

export const warmSandboxJob = defineEventJob(warmSandboxEvent, async ({ sessionId }, { step }) => {
  const claim = await step("claim-sandbox", () => claimWarmSandbox(sessionId));
  if (claim.state === "started") await step("spawn-sandbox", () => spawnSandbox(claim.sandboxId));
});
