// Starts event jobs on Inngest: one event per job, named after it (see ./client.ts).
import { type JobEvent, type JobQueue, parseJobData } from "../job";
import { eventNameOf, type InngestClient } from "./client";

export class InngestQueue implements JobQueue {
  readonly adapter = "inngest";

  constructor(private readonly client: Pick<InngestClient, "send">) {}

  async send<TData extends Record<string, unknown>>(event: JobEvent<TData>, data: TData): Promise<void> {
    // Checked here too, so a bad payload fails the caller instead of a run nobody watches.
    await this.client.send({ name: eventNameOf(event), data: parseJobData(event, data) });
  }
}
