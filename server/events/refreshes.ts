// Which events change more than the timeline, so that pages fetch what they show again. One entry
// per event type: a new type does not compile until someone decides what it changes. Pure, like
// the schemas: the publisher (server) and the session page (browser) both read it.
import type { TimelineEventType } from "./schemas";

export type EventRefreshes = {
  /**
   * The session page fetches the session again (`session.get`: its title and status, the prompt
   * queue, the artifacts) and the files it changed (`session.diff`).
   */
  session: boolean;
  /** Sessions lists, which show each session's title and status, fetch again. */
  sessionsList: boolean;
};

export const EVENT_REFRESHES: Record<TimelineEventType, EventRefreshes> = {
  // A prompt started: it left the queue and the session is active (dispatching publishes nothing).
  user_message: { session: true, sessionsList: true },
  // A prompt ended: the queue moves on, and the session is completed or failed when none waits.
  execution_complete: { session: true, sessionsList: true },
  session_title: { session: true, sessionsList: true },
  // The branch artifact moves, and so do the changed files; lists show neither.
  git_push: { session: true, sessionsList: false },
  pull_request: { session: true, sessionsList: false },
  // Kept for a sandbox lost mid-prompt; nothing shown changes until that happens.
  checkpoint: { session: false, sessionsList: false },
  // Nothing shown derives from the sandbox's state: a failed or lost sandbox ends its running
  // prompt with an execution_complete of its own, in the same transaction.
  sandbox_status: { session: false, sessionsList: false },
  // Likewise for an error that fails a prompt; other errors change nothing but the timeline.
  error: { session: false, sessionsList: false },
  // The cost is counted but shown nowhere yet: refreshing on every model step would be waste.
  step_finish: { session: false, sessionsList: false },
  boot_phase: { session: false, sessionsList: false },
  warning: { session: false, sessionsList: false },
  token: { session: false, sessionsList: false },
  tool_call: { session: false, sessionsList: false },
};
