// The sandbox provider port: what the control plane needs from whatever runs sandboxes. Which
// provider runs them is configuration (server/env.ts `sandboxes`, chosen in ./get-provider.ts);
// the local provider (./local) runs them on this machine. A sandbox's bridge reaches the control
// plane over HTTP on its own, so a provider only starts and stops it.
import type { BootMode } from "../generated/prisma/client";
import type { EgressPolicy } from "./egress-policy";
import type { SandboxRuntime } from "./snapshots/runtime";

export type SandboxSpec = {
  sandboxId: string;
  sessionId: string;
  bootMode: BootMode;
  /**
   * The sandbox's whole environment, built by the control plane (./sandbox-env.ts): the bridge's
   * settings (the repository's clone URL among them) and secrets; never a model provider key.
   * Nothing else from the control plane's own environment reaches the sandbox.
   */
  env: Record<string, string>;
  /** Where the sandbox may connect beyond Nightshift's own endpoints (../egress-policy.ts). */
  egress: EgressPolicy;
  /**
   * Start from these saved files instead of an empty workspace: a snapshot of the session (boot
   * mode snapshot_restore) or the repository's image (repo_image).
   */
  restore?: { providerSnapshotId: string } | null;
};

/**
 * A repository image to build (docs/sessions.md#images): the provider clones the repository into
 * a new sandbox itself, with credentials the sandbox never sees, runs its setup.sh in build mode
 * inside the sandbox, and saves the result as it saves snapshots.
 */
export type ImageBuildSpec = {
  imageId: string;
  /** Where the provider clones from (a URL, or a local repository's path) and the header git sends, if any. */
  source: { url: string; authorization: string | null };
  branch: string;
  /** The sandbox's environment for setup.sh: the repository's secrets and the control plane's URL. */
  env: Record<string, string>;
  egress: EgressPolicy;
  setupTimeoutMs: number;
};

export type ImageBuildResult =
  | { ok: true; commitSha: string; output: string; providerSnapshotId: string; sizeBytes: number }
  | { ok: false; commitSha: string | null; output: string; error: string };

export type TakenSnapshot = {
  providerSnapshotId: string;
  /** The bytes it added where the provider keeps snapshots. */
  sizeBytes: number;
};

export type SandboxProvider = {
  /** Kept on the sandbox's row, so that it is stopped by the provider that started it. */
  readonly name: string;
  /**
   * Whether its sandboxes are sealed: a network of their own that reaches only Nightshift's
   * sandbox endpoints and, through the egress policy, the internet (docs/security.md).
   */
  readonly isSealed: boolean;
  /** Starts the sandbox and its bridge. Creating an id that already runs replaces that sandbox. */
  create(spec: SandboxSpec): Promise<{ providerId: string; expiresAt?: Date }>;
  /** Stops the sandbox and everything in it; stopping a stopped sandbox does nothing. */
  stop(providerId: string): Promise<void>;
  /** What its sandboxes run, so that a snapshot made by an older runtime is not restored (./snapshots/runtime.ts). */
  readonly runtime: SandboxRuntime;
  /**
   * Whether taking a snapshot ends the sandbox (Vercel Sandbox's do). When it does, the control
   * plane takes one only when the sandbox is to stop anyway, and marks it stopped at once.
   */
  readonly snapshotEndsSandbox: boolean;
  /**
   * Saves the sandbox's workspace and home as they are now; `previous` is the session's last
   * snapshot with this provider, which the provider may share unchanged files with.
   */
  snapshot(providerId: string, options: { previous: string | null }): Promise<TakenSnapshot>;
  /**
   * Deletes a snapshot; deleting one that is gone does nothing. `freedBytes`: what that freed,
   * when the provider can tell (a local snapshot may share files with the session's next one).
   */
  deleteSnapshot(providerSnapshotId: string): Promise<{ freedBytes: number | null }>;
  /**
   * Pushes a sandbox's end `ms` later (a provider whose sandboxes time out: Vercel Sandbox), never
   * past `maxLifetimeMs` from its creation; resolves with its new end.
   */
  extendTimeout?(providerId: string, ms: number): Promise<Date>;
  /** The longest a sandbox of this provider may live, when it has such a limit. */
  readonly maxLifetimeMs?: number;
  /**
   * Holds an idle sandbox still, its processes kept in memory, so that it resumes at once
   * (docs/sessions.md#suspended-sandboxes). Quick: the control plane calls it holding the
   * session's lock. A provider without it stops idle sandboxes instead.
   */
  suspend?(providerId: string): Promise<void>;
  /** Resumes a suspended sandbox; false when it is gone (this server restarted, say). */
  resume?(providerId: string): Promise<boolean>;
  /** Builds a repository image, to its end: the sandbox it ran in is gone when this returns. */
  buildImage(spec: ImageBuildSpec): Promise<ImageBuildResult>;
};
