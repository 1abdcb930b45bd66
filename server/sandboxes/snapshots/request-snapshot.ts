import { snapshotSandboxEvent } from "../../jobs/events";
import { getJobQueue } from "../../jobs/queue";
import { logger } from "../../logger";

/**
 * Asks for a snapshot of the sandbox, after the change that calls for it is committed. One that
 * cannot be requested is only logged: the session's earlier snapshot still stands.
 */
export async function requestSnapshot(sandboxId: string, reason: "prompt" | "checkpoint"): Promise<void> {
  try {
    await getJobQueue().send(snapshotSandboxEvent, { sandboxId, reason });
  } catch (error) {
    logger.warn("could not request a snapshot", { sandboxId, reason, error });
  }
}
