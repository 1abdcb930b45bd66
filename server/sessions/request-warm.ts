import { warmSandboxEvent } from "../jobs/events";
import { getJobQueue } from "../jobs/queue";

/** Asks for the session's sandbox to be started ahead of its next prompt. */
export async function requestWarm(sessionId: string): Promise<void> {
  await getJobQueue().send(warmSandboxEvent, { sessionId });
}
