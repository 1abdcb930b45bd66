// How long a repository's boot scripts may run (docs/sessions.md#boot-modes): the defaults, and
// the range a repository's settings may choose from. No imports, so the settings form can use it.

/** Seconds .nightshift/setup.sh may take when the repository's settings name no limit. */
export const DEFAULT_SETUP_TIMEOUT_SECONDS = 300;
/** Seconds .nightshift/start.sh may take when the repository's settings name no limit. */
export const DEFAULT_START_TIMEOUT_SECONDS = 120;

/** Long enough to install dependencies, short enough that a hung script does not hold a sandbox for hours. */
export const SETUP_TIMEOUT_RANGE = { min: 30, max: 3600 } as const;
/** start.sh runs on every boot, so a prompt waits for it each time. */
export const START_TIMEOUT_RANGE = { min: 10, max: 1800 } as const;
