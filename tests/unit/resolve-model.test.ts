import { describe, expect, it } from "vitest";
import { parseEnv } from "@/server/env";
import { AppError } from "@/server/errors";
import { defaultModel, resolveModel } from "@/server/models/resolve-model";

function modelError(env: ReturnType<typeof parseEnv>, requested: string | undefined): string | undefined {
  try {
    resolveModel(env, requested);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).fieldErrors?.model?.[0];
  }
  throw new Error("expected the model to be refused");
}

describe("choosing a model", () => {
  const custom = parseEnv({ NIGHTSHIFT_MODEL_BASE_URL: "http://127.0.0.1:9999/v1", NIGHTSHIFT_MODEL_NAMES: "fake-coder, Other" });

  it("offers the custom endpoint's models, and defaults to its first", () => {
    expect(resolveModel(custom, "custom/other")).toEqual({ id: "custom/Other", provider: "custom", name: "Other" });
    expect(resolveModel(custom, undefined).id).toBe("custom/fake-coder");
  });

  it("refuses a provider that is not configured, saying what to set", () => {
    expect(modelError(custom, "anthropic/claude-sonnet-4-5")).toBe("The anthropic provider is not configured on this Nightshift (set ANTHROPIC_API_KEY).");
    expect(modelError(custom, "custom/gpt-5")).toBe("The custom endpoint offers fake-coder, Other, not gpt-5.");
  });

  it("refuses malformed model names and says when nothing is configured", () => {
    expect(modelError(custom, "fake-coder")).toMatch(/^"fake-coder" is not a model: write <provider>\/<model>/);
    expect(modelError(custom, "mistral/large")).toMatch(/^"mistral\/large" is not a model/);
    expect(modelError(parseEnv({}), undefined)).toMatch(/^No model provider is configured/);
  });

  it("prefers the configured default", () => {
    expect(defaultModel(parseEnv({ ANTHROPIC_API_KEY: "k", NIGHTSHIFT_DEFAULT_MODEL: "anthropic/claude-opus-4-1" }))).toBe("anthropic/claude-opus-4-1");
    expect(defaultModel(parseEnv({ OPENAI_API_KEY: "k" }))).toBe("openai/gpt-5");
  });
});
