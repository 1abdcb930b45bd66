// The sandbox provider this control plane runs sandboxes with, as configured (server/env.ts).
import { match } from "ts-pattern";
import { type Env, getEnv } from "../env";
import { logger } from "../logger";
import { createLocalProvider, describeLocalProvider } from "./local/local-provider";
import type { SandboxProvider } from "./provider";
import { createVercelProvider } from "./vercel/vercel-provider";

const state = globalThis as typeof globalThis & { nightshiftSandboxProvider?: SandboxProvider };

export function getSandboxProvider(env: Env = getEnv()): SandboxProvider {
  state.nightshiftSandboxProvider ??= match(env.sandboxes)
    .with({ kind: "local" }, (config) => createLocalProvider(config))
    .with({ kind: "vercel" }, (config) => createVercelProvider(config.vercel!, { opencodeBin: config.opencodeBin }))
    .exhaustive();
  return state.nightshiftSandboxProvider;
}

/** For the startup summary. */
export function describeSandboxes(env: Env): string {
  return match(env.sandboxes)
    .with({ kind: "local" }, (config) => describeLocalProvider(config))
    .with(
      { kind: "vercel" },
      (config) =>
        `sandboxes: Vercel Sandbox, from base snapshot ${config.vercel!.baseSnapshotId}${config.vercel!.apiUrl ? ` (API at ${config.vercel!.apiUrl})` : ""}`,
    )
    .exhaustive();
}

/**
 * Stops a sandbox through the provider that started it (its row's `provider`). One this server
 * does not run (the configuration changed since) cannot be reached from here: said, not guessed.
 */
export async function stopWithProvider(sandbox: { provider: string | null; providerId: string | null }): Promise<void> {
  if (!sandbox.provider || !sandbox.providerId) return;
  const provider = getSandboxProvider();
  if (provider.name !== sandbox.provider) {
    logger.warn("a sandbox started by another provider cannot be stopped by this server", {
      provider: sandbox.provider,
      providerId: sandbox.providerId,
      configured: provider.name,
    });
    return;
  }
  await provider.stop(sandbox.providerId);
}
