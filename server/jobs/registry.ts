// Every job the control plane runs; both adapters serve exactly this list.
import { dispatchPromptJob, stopIdleSandboxesJob, watchSandboxesJob } from "./definitions";
import type { Job } from "./job";

export const jobs: Job[] = [dispatchPromptJob, watchSandboxesJob, stopIdleSandboxesJob];
