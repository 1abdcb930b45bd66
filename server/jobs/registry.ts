// Every job the control plane runs; both adapters serve exactly this list.
import type { Job } from "./job";

export const jobs: Job[] = [];
