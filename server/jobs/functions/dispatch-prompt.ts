// session-dispatch: starts a session's next prompt, creating its sandbox when it has none. One at
// a time per session.
import { settleSessionRun } from "../../automations/run-automation";
import { postReplies } from "../../integrations/post-replies";
import { spawnSandbox } from "../../sandboxes/spawn-sandbox";
import { claimNextPrompt } from "../../sessions/dispatch-prompt";
import { dispatchPromptEvent } from "../events";
import { defineEventJob } from "../job";

export const dispatchPromptJob = defineEventJob(dispatchPromptEvent, async ({ sessionId }, { step }) => {
  const claim = await step("claim-next-prompt", () => claimNextPrompt(sessionId));
  if (claim.kind === "running" && claim.needsSpawn) {
    await step("spawn-sandbox", () => spawnSandbox(claim.sandboxId));
  }
  if (claim.kind === "refused") {
    // That prompt failed at once; the one after it may run.
    const next = await step("claim-after-refusal", () => claimNextPrompt(sessionId));
    if (next.kind === "running" && next.needsSpawn)
      await step("spawn-sandbox-after-refusal", () => spawnSandbox(next.sandboxId));
  }
  // Prompts a bot queued (GitHub, Slack) that have ended: their answers go back where they came from.
  await step("post-replies", () => postReplies(sessionId));
  // An automation's run ends with its prompt (or waits for a retry).
  await step("settle-automation-run", () => settleSessionRun(sessionId));
});
