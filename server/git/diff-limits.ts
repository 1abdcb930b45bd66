// What every code host's diff shares (./code-host.ts diff): how much of a patch it carries, and
// the answer before a session branch exists. Apart from code-host.ts, which imports the hosts.
import type { SessionDiff } from "./code-host";

/** The most of a patch a diff carries; the files are all listed. */
export const MAX_DIFF_BYTES = 400_000;
export const NO_CHANGES: SessionDiff = { files: [], patch: "", isTruncated: false };
