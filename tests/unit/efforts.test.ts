import { describe, expect, it } from "vitest";
import { parseEnv } from "@/server/env";
import { effortsOf, offeredEffort } from "@/server/models/efforts";
import { modelList } from "@/server/models/list-models";
import { modelProviders } from "@/server/models/providers";
import { resolveModel } from "@/server/models/resolve-model";

const env = parseEnv({ ANTHROPIC_API_KEY: "a", OPENAI_API_KEY: "o", OPENCODE_API_KEY: "z" });
const providers = modelProviders(env, { keysAsSecrets: new Set(), custom: [] });
// What the forms receive from model.list.
const { models } = modelList(providers, env);
const ids = (efforts: ReadonlyArray<{ id: string }>) => efforts.map((effort) => effort.id);

describe("which efforts a model offers", () => {
  it("lists the named model's efforts in order, and none for a model without any", () => {
    expect(ids(effortsOf(models, "anthropic/claude-sonnet-4-5"))).toEqual(["low", "medium", "high"]);
    expect(ids(effortsOf(models, "openai/gpt-5.1"))).toEqual(["none", "low", "medium", "high"]);
    expect(effortsOf(models, "opencode/qwen3-coder")).toEqual([]);
  });

  it("offers nothing for a model not in the list, no model, or a list not loaded yet", () => {
    expect(effortsOf(models, "anthropic/claude-2")).toEqual([]);
    expect(effortsOf(models, "")).toEqual([]);
    expect(effortsOf(models, null)).toEqual([]);
    expect(effortsOf(undefined, "anthropic/claude-sonnet-4-5")).toEqual([]);
  });
});

describe("what becomes of a chosen effort when the model changes", () => {
  const gpt51 = effortsOf(models, "openai/gpt-5.1");
  const sonnet = effortsOf(models, "anthropic/claude-sonnet-4-5");

  it("carries over to a model that offers it, as that model's own effort", () => {
    expect(offeredEffort(sonnet, "high")).toMatchObject({ id: "high", label: "High" });
    expect(offeredEffort(gpt51, "high")?.description).toBe(
      "Reasons at length before acting: slower, for hard problems.",
    );
    expect(offeredEffort(sonnet, " Medium ")?.id).toBe("medium");
  });

  it("gives way to the model's own default where the model lacks it", () => {
    expect(offeredEffort(sonnet, "none")).toBeNull();
    expect(offeredEffort(effortsOf(models, "opencode/qwen3-coder"), "low")).toBeNull();
    expect(offeredEffort(effortsOf(undefined, "openai/gpt-5.1"), "low")).toBeNull();
  });

  it("is nothing when nothing was chosen", () => {
    expect(offeredEffort(gpt51, "")).toBeNull();
    expect(offeredEffort(gpt51, null)).toBeNull();
    expect(offeredEffort(gpt51, undefined)).toBeNull();
  });

  it("is what the server runs: an inherited effort becomes the same on every model", () => {
    const efforts = new Set(models.flatMap((model) => ids(model.efforts)));
    for (const model of models) {
      for (const effort of efforts) {
        const server = resolveModel(providers, env, { model: model.id, inheritedEffort: effort }).effort;
        expect(server, `${effort} on ${model.id}`).toBe(offeredEffort(effortsOf(models, model.id), effort)?.id ?? null);
      }
    }
  });
});
