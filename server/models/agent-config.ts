// The OpenCode configuration a sandbox runs with: every available provider, each model declared
// with its limits and its reasoning efforts as OpenCode "variants" (a prompt names one; its
// options go to the provider's SDK). Every provider is reached through the control plane's model
// gateway, with the sandbox's gateway token as its key: no provider key is in the configuration
// or in the sandbox. docs/models.md, docs/security.md.
import { BRIDGE_ENV } from "../../sandbox/bridge/protocol";
import type { DbClient } from "../db";
import { type Env, getEnv } from "../env";
import type { CatalogModel } from "./catalog";
import { loadModelProviders, type ModelProvider, packageOf } from "./providers";
import { defaultModel } from "./resolve-model";

export type AgentConfig = Record<string, unknown>;

function modelEntry(provider: ModelProvider, model: CatalogModel): Record<string, unknown> {
  const npm = packageOf(provider, model);
  return {
    name: model.label,
    tool_call: true,
    reasoning: model.efforts.length > 0,
    limit: model.limit,
    // A model served in another API than its provider's (OpenCode Zen's Claude and GPT models).
    ...(npm !== packageOf(provider) ? { provider: { npm } } : {}),
    variants: Object.fromEntries(model.efforts.map((effort) => [effort.id, effort.options])),
  };
}

/** Where a provider's calls go, under the control plane's address (app/api/sandbox/models). */
export function gatewayPath(providerId: string): string {
  return `/api/sandbox/models/${encodeURIComponent(providerId)}`;
}

export function buildAgentConfig(providers: ModelProvider[], defaultModelId: string): AgentConfig {
  const provider = Object.fromEntries(
    providers
      .filter((candidate) => candidate.available)
      .map((candidate) => [
        candidate.id,
        {
          npm: packageOf(candidate),
          name: candidate.label,
          options: {
            // OpenCode replaces {env:NAME} with the variable's value when it reads the file.
            baseURL: `{env:${BRIDGE_ENV.controlPlaneUrl}}${gatewayPath(candidate.id)}`,
            apiKey: `{env:${BRIDGE_ENV.gatewayToken}}`,
          },
          models: Object.fromEntries(candidate.models.map((model) => [model.name, modelEntry(candidate, model)])),
        },
      ]),
  );
  return {
    $schema: "https://opencode.ai/config.json",
    provider,
    model: defaultModelId,
    small_model: defaultModelId,
    autoupdate: false,
    share: "disabled",
    // OpenCode's own undo history: a second git object store of the worktree, captured before
    // every model call (seconds on a large checkout). Nightshift saves work itself (commits,
    // pushes, snapshots), and nothing offers OpenCode's undo.
    snapshot: false,
    permission: { edit: "allow", bash: "allow", webfetch: "allow", external_directory: "allow" },
  };
}

/** The configuration for a sandbox of this repository whose session runs `sessionModel`. */
export async function sandboxAgentConfig(options: {
  repositoryId: string;
  sessionModel: string;
  db?: DbClient;
  env?: Env;
}): Promise<AgentConfig> {
  const env = options.env ?? getEnv();
  const providers = await loadModelProviders({ repositoryId: options.repositoryId, db: options.db, env });
  // A session whose model can no longer run still gets a sandbox; its prompts are refused with the reason.
  const usable = providers.find((provider) => provider.id === options.sessionModel.split("/")[0])?.available;
  return buildAgentConfig(
    providers,
    usable ? options.sessionModel : (defaultModel(providers, env) ?? options.sessionModel),
  );
}
