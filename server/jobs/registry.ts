// Every job the control plane runs; both adapters serve exactly this list. Only the entry points
// that run jobs import it (instrumentation.ts, ./inngest/serve.ts, the tests' session loop):
// sending a job needs only its event (./events.ts).
import { dispatchPromptJob } from "./functions/dispatch-prompt";
import { automationFiringEndedJob } from "./functions/automation-firing-ended";
import { automationRunJob } from "./functions/automation-run";
import { automationsTickJob } from "./functions/automations-tick";
import { buildRepositoryImageJob } from "./functions/build-repository-image";
import { githubBotJob } from "./functions/github-bot";
import { linearAgentJob } from "./functions/linear-agent";
import { linearProgressJob } from "./functions/linear-progress";
import { pruneGithubDeliveriesJob } from "./functions/prune-github-deliveries";
import { scheduleImageBuildsJob } from "./functions/schedule-image-builds";
import { slackHomeJob } from "./functions/slack-home";
import { slackMessageJob } from "./functions/slack-message";
import { slackProgressJob } from "./functions/slack-progress";
import { snapshotSandboxJob } from "./functions/snapshot-sandbox";
import { stopIdleSandboxesJob } from "./functions/stop-idle-sandboxes";
import { warmSandboxJob } from "./functions/warm-sandbox";
import { watchSandboxesJob } from "./functions/watch-sandboxes";
import type { Job } from "./job";

export const allJobs: readonly Job[] = [
  dispatchPromptJob,
  warmSandboxJob,
  watchSandboxesJob,
  stopIdleSandboxesJob,
  snapshotSandboxJob,
  buildRepositoryImageJob,
  scheduleImageBuildsJob,
  githubBotJob,
  pruneGithubDeliveriesJob,
  automationsTickJob,
  automationRunJob,
  automationFiringEndedJob,
  slackMessageJob,
  slackProgressJob,
  slackHomeJob,
  linearAgentJob,
  linearProgressJob,
];
