// Which model guesses a bot request's repository, and how its reason is made safe to show.
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/server/env";
import { classifierModel } from "@/server/models/classifier-model";
import { modelProviders } from "@/server/models/providers";
import { oneLine } from "@/server/repositories/classify-repository";

const chosen = (variables: Record<string, string>) => {
  const env = parseEnv(variables);
  return classifierModel(modelProviders(env, { keysAsSecrets: new Set(), custom: [] }), env)?.id ?? null;
};

describe("the classifier's model", () => {
  it("is a cheap model of an available provider, else the default model, else none", () => {
    expect(chosen({})).toBeNull();
    expect(chosen({ ANTHROPIC_API_KEY: "a" })).toBe("anthropic/claude-haiku-4-5");
    expect(chosen({ OPENAI_API_KEY: "o" })).toBe("openai/gpt-5-mini");
    expect(chosen({ OPENCODE_API_KEY: "z" })).toBe("opencode/claude-haiku-4-5");
    expect(chosen({ OPENAI_API_KEY: "o", ANTHROPIC_API_KEY: "a" })).toBe("anthropic/claude-haiku-4-5");
    // A custom endpoint alone: its models are all there is.
    expect(chosen({ NIGHTSHIFT_MODEL_BASE_URL: "http://models.internal/v1", NIGHTSHIFT_MODEL_NAMES: "qwen" })).toBe(
      "custom/qwen",
    );
  });

  it("is NIGHTSHIFT_CLASSIFIER_MODEL when it can run, none when it is off, and refuses a malformed one", () => {
    expect(chosen({ ANTHROPIC_API_KEY: "a", NIGHTSHIFT_CLASSIFIER_MODEL: "anthropic/claude-sonnet-4-5" })).toBe(
      "anthropic/claude-sonnet-4-5",
    );
    // Its provider has no key: the cheap model instead.
    expect(chosen({ ANTHROPIC_API_KEY: "a", NIGHTSHIFT_CLASSIFIER_MODEL: "openai/gpt-5-mini" })).toBe(
      "anthropic/claude-haiku-4-5",
    );
    expect(chosen({ ANTHROPIC_API_KEY: "a", NIGHTSHIFT_CLASSIFIER_MODEL: "off" })).toBeNull();
    expect(() => parseEnv({ NIGHTSHIFT_CLASSIFIER_MODEL: "haiku" })).toThrow(EnvError);
    expect(() => parseEnv({ NIGHTSHIFT_CLASSIFIER_MODEL: "haiku" })).toThrow(/NIGHTSHIFT_CLASSIFIER_MODEL/);
  });
});

describe("a model's reason, shown to people", () => {
  it("is one line of plain text: no mentions, markup, links or invisible characters, cut at a word", () => {
    expect(oneLine("Hey <!channel> and <@U123>: see https://evil.example/x?y=1 or www.evil.example", 200)).toBe(
      "Hey !channel and U123: see [link] or [link]",
    );
    expect(oneLine("ping @here\nnow\u202e\u200b\tplease", 200)).toBe("ping here now please");
    const long = oneLine("word ".repeat(100), 150);
    expect(long.length).toBeLessThanOrEqual(150);
    expect(long.endsWith("word…")).toBe(true);
  });
});
