// A sandbox's environment, built explicitly: what the bridge needs to reach the control plane
// and the repository, OpenCode's configuration and its model gateway token, and the bot's git
// identity. Secrets are added by spawnSandbox (model provider keys never are); nothing else from
// the control plane's own environment is passed on (the provider adds only HOME, PATH and the
// like). docs/sessions.md#sandboxes.
import { BRIDGE_ENV } from "../../sandbox/bridge/protocol";
import type { Env } from "../env";
import type { BootMode } from "../generated/prisma/client";
import { codeHostFor, type HostedRepository } from "../git/code-host";
import type { AgentConfig } from "../models/agent-config";
import { BOT_IDENTITY } from "../users/commit-identity";
import { DEFAULT_SETUP_TIMEOUT_SECONDS, DEFAULT_START_TIMEOUT_SECONDS } from "./time-limits";

export { DEFAULT_SETUP_TIMEOUT_SECONDS, DEFAULT_START_TIMEOUT_SECONDS } from "./time-limits";

export type SandboxEnvOptions = {
  sandboxId: string;
  token: string;
  /** OpenCode's key for the model gateway. */
  gatewayToken: string;
  bootMode: BootMode;
  session: { id: string; branch: string; baseBranch: string; model: string };
  repository: HostedRepository;
  /** The repository's time limits for its boot scripts (its settings); null or absent: the defaults. */
  setupTimeoutSeconds?: number | null;
  startTimeoutSeconds?: number | null;
  /** OpenCode's configuration (server/models/agent-config.ts); the keys it names come with the secrets. */
  agentConfig: AgentConfig;
  /** A work checkpoint for the bridge to restore (the failed sandbox's this one replaces). */
  restoreCheckpoint?: string | null;
};

export function buildSandboxEnv(env: Env, options: SandboxEnvOptions): Record<string, string> {
  return {
    [BRIDGE_ENV.controlPlaneUrl]: env.controlPlaneUrl,
    [BRIDGE_ENV.token]: options.token,
    [BRIDGE_ENV.gatewayToken]: options.gatewayToken,
    [BRIDGE_ENV.sandboxId]: options.sandboxId,
    [BRIDGE_ENV.sessionId]: options.session.id,
    // Where the bridge clones from and pushes to, as the repository's code host says.
    [BRIDGE_ENV.repositoryUrl]: codeHostFor(options.repository).cloneUrl(options.repository),
    [BRIDGE_ENV.baseBranch]: options.session.baseBranch,
    [BRIDGE_ENV.branch]: options.session.branch,
    [BRIDGE_ENV.bootMode]: options.bootMode,
    [BRIDGE_ENV.agentConfig]: JSON.stringify(options.agentConfig),
    [BRIDGE_ENV.setupTimeout]: String(options.setupTimeoutSeconds ?? DEFAULT_SETUP_TIMEOUT_SECONDS),
    [BRIDGE_ENV.startTimeout]: String(options.startTimeoutSeconds ?? DEFAULT_START_TIMEOUT_SECONDS),
    ...(options.restoreCheckpoint ? { [BRIDGE_ENV.restoreCheckpoint]: options.restoreCheckpoint } : {}),
    GIT_COMMITTER_NAME: BOT_IDENTITY.name,
    GIT_COMMITTER_EMAIL: BOT_IDENTITY.email,
    GIT_TERMINAL_PROMPT: "0",
  };
}
