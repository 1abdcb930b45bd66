// The Inngest client. Its keys come from server/env.ts through the caller, never from
// process.env here: the event key signs what we send, the signing key checks Inngest's calls.
import { Inngest } from "inngest";

/** Both are set in production (getEnv().jobs); tests that only run functions in process omit them. */
export type InngestKeys = {
  /** Signs the events InngestQueue sends. */
  eventKey?: string;
  /** Checks that calls to /api/inngest come from Inngest. */
  signingKey?: string;
};

export function createInngestClient(keys: InngestKeys) {
  return new Inngest({ id: "nightshift", eventKey: keys.eventKey, signingKey: keys.signingKey });
}

export type InngestClient = ReturnType<typeof createInngestClient>;

/** The event that starts an event job, e.g. `nightshift/session-dispatch`. */
export function eventNameOf(job: { name: string }): string {
  return `nightshift/${job.name}`;
}
