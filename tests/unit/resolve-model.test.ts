import { describe, expect, it } from "vitest";
import { parseEnv } from "@/server/env";
import { AppError } from "@/server/errors";
import { modelProviders } from "@/server/models/providers";
import { resolveModel } from "@/server/models/resolve-model";

const env = parseEnv({
  ANTHROPIC_API_KEY: "a",
  NIGHTSHIFT_MODEL_BASE_URL: "http://127.0.0.1:9999/v1",
  NIGHTSHIFT_MODEL_NAMES: "fake-coder, Other",
});
const providers = modelProviders(env, {
  keysAsSecrets: new Set(),
  custom: [
    { slug: "gateway", label: "Gateway", baseUrl: "http://gw/v1", models: ["llama-4"], hasKey: false, price: null },
  ],
});
type Request = Parameters<typeof resolveModel>[2];

function refusal(request: Request, on: "model" | "reasoningEffort" = "model"): string | undefined {
  try {
    resolveModel(providers, env, request);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).fieldErrors?.[on]?.[0];
  }
  throw new Error("expected a refusal");
}

describe("choosing a model and an effort", () => {
  it("runs the named model with the effort asked for, or the default model", () => {
    expect(resolveModel(providers, env, { model: "anthropic/claude-opus-4-5", effort: "High" })).toMatchObject({
      id: "anthropic/claude-opus-4-5",
      provider: "anthropic",
      name: "claude-opus-4-5",
      effort: "high",
      effortInfo: { options: { thinking: { type: "enabled", budgetTokens: 20_000 } } },
    });
    expect(resolveModel(providers, env, { model: "custom/other" })).toMatchObject({ id: "custom/Other", effort: null });
    expect(resolveModel(providers, env, {}).id).toBe("custom/fake-coder");
    expect(resolveModel(providers, env, { model: "gateway/llama-4", effort: "low" }).effortInfo?.options).toEqual({
      reasoningEffort: "low",
    });
  });

  it("carries an inherited effort over only to a model that offers it", () => {
    expect(
      resolveModel(providers, env, { model: "anthropic/claude-haiku-4-5", inheritedEffort: "medium" }).effort,
    ).toBe("medium");
    expect(
      resolveModel(providers, env, { model: "anthropic/claude-haiku-4-5", inheritedEffort: "minimal" }).effort,
    ).toBeNull();
  });

  it("refuses a model whose provider has no key, with the reason", () => {
    expect(refusal({ model: "openai/gpt-5" })).toBe(
      "GPT-5 cannot be used: OpenAI has no API key: add OPENAI_API_KEY as a global secret (on the Secrets page) or set it in Nightshift's environment.",
    );
  });

  it("refuses unknown and malformed models, saying what there is", () => {
    expect(refusal({ model: "anthropic/claude-2" })).toBe(
      "Anthropic offers claude-sonnet-4-5, claude-opus-4-5, claude-opus-4-1, claude-haiku-4-5; not claude-2.",
    );
    expect(refusal({ model: "custom/gpt-5" })).toBe("Custom endpoint offers fake-coder, Other; not gpt-5.");
    expect(refusal({ model: "fake-coder" })).toBe(
      '"fake-coder" is not a model: write <provider>/<model>, with provider one of custom, anthropic, openai, opencode, gateway.',
    );
    expect(refusal({ model: "mistral/large" })).toMatch(/^"mistral\/large" is not a model/);
  });

  it("refuses an effort the model does not offer", () => {
    expect(refusal({ model: "anthropic/claude-sonnet-4-5", effort: "minimal" }, "reasoningEffort")).toBe(
      "Claude Sonnet 4.5 offers low, medium, high reasoning effort; not minimal.",
    );
  });

  it("says what to do when nothing can run", () => {
    const bare = parseEnv({});
    expect(() => resolveModel(modelProviders(bare, { keysAsSecrets: new Set(), custom: [] }), bare, {})).toThrow(
      /^No model provider is configured/,
    );
  });
});
