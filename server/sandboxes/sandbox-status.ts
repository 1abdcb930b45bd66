import type { SandboxStatus } from "../generated/prisma/client";

/** A sandbox in one of these is (or is becoming) the session's one live sandbox; the database
 * allows one per session (index sandboxes_one_live_per_session). */
export const LIVE_SANDBOX_STATUSES = [
  "pending",
  "spawning",
  "syncing",
  "ready",
  "running",
  "snapshotting",
  // Held still in memory while idle; the next prompt resumes it (./suspend-sandboxes.ts).
  "suspended",
] as const satisfies readonly SandboxStatus[];

export function isLive(status: SandboxStatus): boolean {
  return (LIVE_SANDBOX_STATUSES as readonly SandboxStatus[]).includes(status);
}

/** A sandbox silent for this long is declared lost. */
export const HEARTBEAT_TIMEOUT_MS = 60_000;
/** A sandbox with nothing to do for this long is suspended or stopped. */
export const IDLE_TIMEOUT_MS = 10 * 60_000;
/** A sandbox suspended for this long is stopped: its snapshot holds its state. */
export const SUSPENDED_TIMEOUT_MS = 60 * 60_000;

/** Live and running its processes: every live status but suspended. */
export const AWAKE_SANDBOX_STATUSES = LIVE_SANDBOX_STATUSES.filter((status) => status !== "suspended");
