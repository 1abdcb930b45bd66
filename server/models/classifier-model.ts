// The model the control plane asks small questions of itself — which repository a bot request is
// about (server/repositories/classify-repository.ts): NIGHTSHIFT_CLASSIFIER_MODEL when it can
// run, else a cheap model of a provider whose key is set, else the default model. The question
// is one short forced tool call, so a small model answers it as well as a large one, for a tenth
// of the price. docs/models.md.
import type { Env } from "../env";
import type { CatalogModel } from "./catalog";
import type { ModelProvider } from "./providers";
import { defaultModel, findModel } from "./resolve-model";

/** Cheap models that call tools reliably, first available wins. */
const CHEAP = ["anthropic/claude-haiku-4-5", "openai/gpt-5-mini", "opencode/claude-haiku-4-5"];

export type ClassifierModel = { id: string; provider: ModelProvider; model: CatalogModel };

/** The classifier's model; null when it is off or no provider can run one. */
export function classifierModel(providers: ModelProvider[], env: Env): ClassifierModel | null {
  if (env.NIGHTSHIFT_CLASSIFIER_MODEL === "off") return null;
  // A configured model that cannot run (its key is gone) gives way, as NIGHTSHIFT_DEFAULT_MODEL does.
  const ids = [env.NIGHTSHIFT_CLASSIFIER_MODEL, ...CHEAP, defaultModel(providers, env)];
  for (const id of ids) {
    if (!id) continue;
    const found = findModel(providers, id);
    if (found?.provider.available)
      return { id: `${found.provider.id}/${found.model.name}`, provider: found.provider, model: found.model };
  }
  return null;
}
