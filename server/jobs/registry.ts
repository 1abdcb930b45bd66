// Every job the control plane runs; both adapters serve exactly this list. A function, not a
// constant: the job modules import the services that send jobs, which import the queue, which
// needs this list — read at call time, the cycle is harmless.
import {
  dispatchPromptJob,
  githubBotJob,
  pruneGithubDeliveriesJob,
  stopIdleSandboxesJob,
  warmSandboxJob,
  watchSandboxesJob,
} from "./definitions";
import type { Job } from "./job";

export function allJobs(): Job[] {
  return [
    dispatchPromptJob,
    warmSandboxJob,
    watchSandboxesJob,
    stopIdleSandboxesJob,
    githubBotJob,
    pruneGithubDeliveriesJob,
  ];
}
