// The control plane's jobs. Each body is a list of idempotent steps (see ./job.ts).
import { z } from "zod";
import { declareLostSandboxes, redispatchWaitingSessions, stopIdleSandboxes } from "../sandboxes/watch-sandboxes";
import { spawnSandbox } from "../sandboxes/spawn-sandbox";
import { claimNextPrompt } from "../sessions/dispatch-prompt";
import { claimWarmSandbox } from "../sessions/warm-sandbox";
import { acknowledge, checkBotTrigger, startBotSession } from "../integrations/github/bot";
import type { BotTrigger } from "../integrations/github/bot-trigger";
import { pruneGithubDeliveries } from "../integrations/github/prune-deliveries";
import { postGithubReplies } from "../integrations/github/reply";
import { defineEventJob, defineScheduledJob } from "./job";

/** Starts a session's next prompt, creating its sandbox when it has none. One at a time per session. */
export const dispatchPromptJob = defineEventJob({
  name: "session-dispatch",
  data: z.object({ sessionId: z.string().min(1) }),
  concurrencyKey: "sessionId",
  retries: 3,
  async run({ sessionId }, { step }) {
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
    // Prompts the GitHub bot queued that have ended: their answers go back to GitHub.
    await step("post-github-replies", () => postGithubReplies(sessionId));
  },
});

/** The GitHub bot was called (a mention, a review request, a pull request to auto-review). */
export const githubBotJob = defineEventJob({
  name: "github-bot",
  data: z.object({
    deliveryId: z.string().min(1),
    trigger: z.custom<BotTrigger>((value) => typeof value === "object" && value !== null && "cause" in value),
  }),
  retries: 3,
  async run({ deliveryId, trigger }, { step }) {
    const decision = await step("check", () => checkBotTrigger(trigger));
    if (!decision.act) return;
    await step("acknowledge", () => acknowledge(trigger, decision.installationId));
    await step("queue-prompt", () => startBotSession(trigger, decision, deliveryId));
  },
});

/** Starts a sandbox for a session before its prompt is sent (someone is typing). */
export const warmSandboxJob = defineEventJob({
  name: "session-warm",
  data: z.object({ sessionId: z.string().min(1) }),
  concurrencyKey: "sessionId",
  retries: 2,
  async run({ sessionId }, { step }) {
    const claim = await step("claim-sandbox", () => claimWarmSandbox(sessionId));
    if (claim.state === "started") await step("spawn-sandbox", () => spawnSandbox(claim.sandboxId));
  },
});

/** Every 15 s: sandboxes silent for 60 s are lost; waiting queues with nothing running are dispatched. */
export const watchSandboxesJob = defineScheduledJob({
  name: "sandboxes-watch-heartbeats",
  everySeconds: 15,
  async run({ step }) {
    await step("declare-lost-sandboxes", () => declareLostSandboxes());
    await step("redispatch-waiting-sessions", () => redispatchWaitingSessions());
  },
});

/** Every hour: webhook delivery ids older than GitHub redelivers are forgotten. */
export const pruneGithubDeliveriesJob = defineScheduledJob({
  name: "github-deliveries-prune",
  everySeconds: 3600,
  async run({ step }) {
    await step("prune-github-deliveries", () => pruneGithubDeliveries());
  },
});

/** Every minute: sandboxes idle for 10 minutes are stopped. */
export const stopIdleSandboxesJob = defineScheduledJob({
  name: "sandboxes-stop-idle",
  everySeconds: 60,
  async run({ step }) {
    await step("stop-idle-sandboxes", () => stopIdleSandboxes());
  },
});
