// A sandbox's environment, built explicitly: what the bridge needs to reach the control plane
// and the repository, OpenCode's configuration, the model provider keys, and the bot's git
// identity. Nothing from the control plane's own environment is passed on (the provider adds
// only HOME, PATH and the like). docs/sessions.md#sandboxes.
import { BRIDGE_ENV } from "../../sandbox/bridge/protocol";
import type { Env } from "../env";
import type { BootMode, RepositoryProvider } from "../generated/prisma/client";
import { buildAgentConfig } from "../models/agent-config";
import { resolveModel } from "../models/resolve-model";
import { BOT_IDENTITY } from "../users/commit-identity";

export const DEFAULT_SETUP_TIMEOUT_SECONDS = 300;
export const DEFAULT_START_TIMEOUT_SECONDS = 120;

export type SandboxEnvOptions = {
  sandboxId: string;
  token: string;
  bootMode: BootMode;
  session: { id: string; branch: string; baseBranch: string; model: string };
  repository: { provider: RepositoryProvider; externalId: string };
};

export function buildSandboxEnv(env: Env, options: SandboxEnvOptions): Record<string, string> {
  const agent = buildAgentConfig(env, resolveModel(env, options.session.model));
  return {
    [BRIDGE_ENV.controlPlaneUrl]: env.controlPlaneUrl,
    [BRIDGE_ENV.token]: options.token,
    [BRIDGE_ENV.sandboxId]: options.sandboxId,
    [BRIDGE_ENV.sessionId]: options.session.id,
    [BRIDGE_ENV.repositoryUrl]: repositoryUrl(options.repository),
    [BRIDGE_ENV.baseBranch]: options.session.baseBranch,
    [BRIDGE_ENV.branch]: options.session.branch,
    [BRIDGE_ENV.bootMode]: options.bootMode,
    [BRIDGE_ENV.agentConfig]: JSON.stringify(agent.config),
    [BRIDGE_ENV.setupTimeout]: String(DEFAULT_SETUP_TIMEOUT_SECONDS),
    [BRIDGE_ENV.startTimeout]: String(DEFAULT_START_TIMEOUT_SECONDS),
    GIT_COMMITTER_NAME: BOT_IDENTITY.name,
    GIT_COMMITTER_EMAIL: BOT_IDENTITY.email,
    GIT_TERMINAL_PROMPT: "0",
    ...agent.env,
  };
}

function repositoryUrl(repository: SandboxEnvOptions["repository"]): string {
  if (repository.provider === "local") return `file://${repository.externalId}`;
  throw new Error("Sandboxes for GitHub repositories need the GitHub App, which is not set up yet.");
}
