import { describe, expect, it } from "vitest";
import { parseEnv } from "@/server/env";
import { listModels } from "@/server/models/list-models";
import { resolveModel } from "@/server/models/resolve-model";

const ids = (env: ReturnType<typeof parseEnv>) => listModels(env).models.map((model) => model.id);

describe("the models a new session offers", () => {
  it("offers nothing without a provider, saying which variables to set", () => {
    expect(listModels(parseEnv({}))).toEqual({
      models: [],
      defaultModel: null,
      notConfiguredMessage:
        "No model provider is configured, so no session can run. Set ANTHROPIC_API_KEY, OPENAI_API_KEY, OPENCODE_API_KEY, or NIGHTSHIFT_MODEL_BASE_URL and NIGHTSHIFT_MODEL_NAMES for an OpenAI-compatible endpoint, and restart Nightshift.",
    });
  });

  it("offers the custom endpoint's names, the first as default", () => {
    const env = parseEnv({ NIGHTSHIFT_MODEL_BASE_URL: "http://127.0.0.1:9/v1", NIGHTSHIFT_MODEL_NAMES: "fake-coder, qwen3-coder" });
    expect(listModels(env)).toEqual({
      models: [
        { id: "custom/fake-coder", provider: "custom", providerLabel: "Custom endpoint", name: "fake-coder", label: "fake-coder" },
        { id: "custom/qwen3-coder", provider: "custom", providerLabel: "Custom endpoint", name: "qwen3-coder", label: "qwen3-coder" },
      ],
      defaultModel: "custom/fake-coder",
      notConfiguredMessage: null,
    });
  });

  it("offers well-known models of each hosted provider with a key, and only those", () => {
    const env = parseEnv({ ANTHROPIC_API_KEY: "a", OPENCODE_API_KEY: "o" });
    const offered = ids(env);
    expect(offered).toContain("anthropic/claude-sonnet-4-5");
    expect(offered).toContain("opencode/qwen3-coder");
    expect(offered.some((id) => id.startsWith("openai/") || id.startsWith("custom/"))).toBe(false);
    expect(listModels(env).defaultModel).toBe("anthropic/claude-sonnet-4-5");
    // Every model offered is one a session accepts.
    for (const id of offered) expect(resolveModel(env, id).id).toBe(id);
  });

  it("adds a configured default that is not in the list, and ignores one whose provider is not configured", () => {
    const withDefault = parseEnv({ OPENAI_API_KEY: "k", NIGHTSHIFT_DEFAULT_MODEL: "openai/o3" });
    expect(listModels(withDefault).defaultModel).toBe("openai/o3");
    expect(ids(withDefault)[0]).toBe("openai/o3");

    const unusable = parseEnv({ OPENAI_API_KEY: "k", NIGHTSHIFT_DEFAULT_MODEL: "anthropic/claude-opus-4-1" });
    expect(listModels(unusable).defaultModel).toBe("openai/gpt-5");
    expect(ids(unusable).some((id) => id.startsWith("anthropic/"))).toBe(false);
  });
});
