// The sandbox provider port: what the control plane needs from whatever runs sandboxes. The
// local provider (./local) runs them on this machine; the Vercel Sandbox provider comes later.
import type { BootMode } from "../generated/prisma/client";

export type SandboxSpec = {
  sandboxId: string;
  sessionId: string;
  bootMode: BootMode;
  /**
   * The sandbox's whole environment, built by the control plane (./sandbox-env.ts). Nothing else
   * from the control plane's own environment reaches the sandbox.
   */
  env: Record<string, string>;
  /** A local repository on disk the sandbox clones from and pushes to (local repositories only). */
  localRepositoryPath?: string;
};

export type SandboxState = "running" | "exited" | "unknown";

export type SandboxProvider = {
  readonly name: string;
  /** Starts the sandbox and its bridge. Creating an id that already runs replaces that sandbox. */
  create(spec: SandboxSpec): Promise<{ providerId: string }>;
  /** Stops the sandbox and everything in it; stopping a stopped sandbox does nothing. */
  stop(providerId: string): Promise<void>;
  status(providerId: string): Promise<SandboxState>;
  /** Hooks for snapshots, filled by the snapshot issue; providers without them return undefined. */
  snapshot?(providerId: string): Promise<{ snapshotId: string }>;
  restore?(snapshotId: string, spec: SandboxSpec): Promise<{ providerId: string }>;
};
