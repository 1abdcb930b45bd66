import { describe, expect, it } from "vitest";
import { parseEnv } from "@/server/env";
import { modelList } from "@/server/models/list-models";
import { modelProviders } from "@/server/models/providers";
import { resolveModel } from "@/server/models/resolve-model";

const none: Parameters<typeof modelProviders>[1] = { keysAsSecrets: new Set(), custom: [] };
const list = (env: ReturnType<typeof parseEnv>, stored = none) => modelList(modelProviders(env, stored), env);
const available = (env: ReturnType<typeof parseEnv>, stored = none) =>
  list(env, stored)
    .models.filter((model) => model.available)
    .map((model) => model.id);

describe("the models people are offered", () => {
  it("shows every hosted model as unavailable without keys, with the reason, and says what to do", () => {
    const models = list(parseEnv({}));
    expect(models.defaultModel).toBeNull();
    expect(models.notConfiguredMessage).toMatch(
      /^No model provider is configured, so no session can run: add ANTHROPIC_API_KEY, OPENAI_API_KEY or OPENCODE_API_KEY as a global secret/,
    );
    expect(models.models.map((model) => model.id)).toEqual(
      expect.arrayContaining([
        "anthropic/claude-haiku-4-5",
        "anthropic/claude-sonnet-4-5",
        "anthropic/claude-opus-4-5",
        "openai/gpt-5.1-codex",
        "opencode/qwen3-coder",
      ]),
    );
    const sonnet = models.models.find((model) => model.id === "anthropic/claude-sonnet-4-5");
    expect(sonnet).toMatchObject({
      available: false,
      unavailableReason:
        "Anthropic has no API key: add ANTHROPIC_API_KEY as a global secret (on the Secrets page) or set it in Nightshift's environment.",
    });
    expect(sonnet?.efforts.map((effort) => effort.id)).toEqual(["low", "medium", "high"]);
  });

  it("makes a provider available by a key in the environment or as a secret, and lists the available first", () => {
    expect(available(parseEnv({ ANTHROPIC_API_KEY: "a" })).every((id) => id.startsWith("anthropic/"))).toBe(true);
    const bySecret = list(parseEnv({}), { keysAsSecrets: new Set(["OPENAI_API_KEY"]), custom: [] });
    expect(bySecret.models[0]?.id).toMatch(/^openai\//);
    expect(bySecret.defaultModel).toBe("openai/gpt-5.1");
    expect(bySecret.models.find((model) => model.id === "openai/gpt-5")?.efforts.map((effort) => effort.id)).toEqual([
      "minimal",
      "low",
      "medium",
      "high",
    ]);
  });

  it("offers the environment's endpoint first and settings' providers after the hosted ones", () => {
    const env = parseEnv({
      NIGHTSHIFT_MODEL_BASE_URL: "http://127.0.0.1:9/v1",
      NIGHTSHIFT_MODEL_NAMES: "fake-coder, qwen3-coder",
    });
    const models = list(env, {
      keysAsSecrets: new Set(),
      custom: [
        {
          slug: "gateway",
          label: "Our gateway",
          baseUrl: "http://gw/v1",
          models: ["llama-4"],
          hasKey: true,
          price: null,
        },
      ],
    });
    expect(models.defaultModel).toBe("custom/fake-coder");
    expect(models.models.filter((model) => model.available).map((model) => model.id)).toEqual([
      "custom/fake-coder",
      "custom/qwen3-coder",
      "gateway/llama-4",
    ]);
    expect(models.providers.map((provider) => [provider.id, provider.source, provider.available])).toEqual([
      ["custom", "environment", true],
      ["anthropic", "hosted", false],
      ["openai", "hosted", false],
      ["opencode", "hosted", false],
      ["gateway", "settings", true],
    ]);
  });

  it("uses NIGHTSHIFT_DEFAULT_MODEL only when it can run, and every available model is one a session accepts", () => {
    const env = parseEnv({
      OPENAI_API_KEY: "k",
      OPENCODE_API_KEY: "o",
      NIGHTSHIFT_DEFAULT_MODEL: "opencode/qwen3-coder",
    });
    expect(list(env).defaultModel).toBe("opencode/qwen3-coder");
    expect(
      list(parseEnv({ OPENAI_API_KEY: "k", NIGHTSHIFT_DEFAULT_MODEL: "anthropic/claude-opus-4-1" })).defaultModel,
    ).toBe("openai/gpt-5.1");
    const providers = modelProviders(env, none);
    for (const id of available(env)) expect(resolveModel(providers, env, { model: id }).id).toBe(id);
  });
});
