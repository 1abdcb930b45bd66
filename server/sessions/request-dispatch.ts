import { getJobQueue } from "../jobs/queue";
import { dispatchPromptEvent } from "../jobs/events";
import { logger } from "../logger";

/**
 * Asks for the session's next prompt to be started. Called after the queue changed and the
 * change is committed. If the jobs backend cannot be reached, the prompt is not lost: the
 * heartbeat watcher re-dispatches sessions whose queue waits with nothing running.
 */
export async function requestDispatch(sessionId: string): Promise<void> {
  try {
    await getJobQueue().send(dispatchPromptEvent, { sessionId });
  } catch (error) {
    logger.warn("could not request a dispatch; the watcher will retry", { sessionId, error });
  }
}
