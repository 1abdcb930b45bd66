// The repository classifier any bot can ask (the Slack bot today), against the fake model server
// as each provider the catalog speaks: Anthropic's Messages, OpenAI's Responses and a custom
// endpoint's chat completions, each forced to answer through one tool. Names are matched to the
// candidates or dropped; the request and the candidates are capped; a timeout, an unreachable
// provider, a malformed answer or a spent budget is no answer — never an exception.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { type Env, parseEnv } from "@/server/env";
import {
  CLASSIFIER_LIMITS,
  classifyRepository,
  type RepositoryCandidate,
} from "@/server/repositories/classify-repository";
import { updateInstanceSettings } from "@/server/settings/instance-settings";
import { administrator, asActor, createSessionFor, createUser } from "../../factories";
import { type FakeModelServer, startFakeModelServer } from "../../fixtures/fake-model/server";
import { freePort } from "../../../scripts/lib/app-process";
import { withOwnDatabase } from "../../support/own-database";

// The budget below applies to everyone in a database: this file's is its own.
withOwnDatabase();

let model: FakeModelServer;
let userId: string;
const CLASSIFY = "classify_repository";
const guess = (args: Record<string, unknown>) => ({ toolCalls: [{ name: CLASSIFY, arguments: args }] });
const candidates: RepositoryCandidate[] = [
  { fullName: "acme/billing", description: "Invoices and payments" },
  { fullName: "acme/website", description: null },
  { fullName: "acme/mobile", description: "The apps" },
];
const withEnv = (variables: Record<string, string>): Env =>
  parseEnv({ ...process.env, NIGHTSHIFT_MODEL_BASE_URL: "", NIGHTSHIFT_MODEL_NAMES: "", ...variables });
const classify = (
  env: Env,
  text = "invoices are wrong",
  options: { timeoutMs?: number; list?: RepositoryCandidate[] } = {},
) =>
  classifyRepository(
    { text, source: "Slack message", candidates: options.list ?? candidates, userId, timeoutMs: options.timeoutMs },
    getDb(),
    env,
  );

beforeAll(async () => {
  model = await startFakeModelServer();
  userId = (await createUser()).id;
});

afterAll(async () => {
  await model.close();
});

describe("the repository classifier", () => {
  it("asks each provider's cheap model in its own API, forcing the tool, and reads the answer", async () => {
    const providers = {
      anthropic: withEnv({ ANTHROPIC_API_KEY: "sk-ant-a", ANTHROPIC_BASE_URL: model.url }),
      openai: withEnv({ OPENAI_API_KEY: "sk-openai-o", OPENAI_BASE_URL: model.url }),
      custom: withEnv({ NIGHTSHIFT_MODEL_BASE_URL: model.url, NIGHTSHIFT_MODEL_NAMES: "fake-coder" }),
    };
    for (const env of Object.values(providers)) {
      model.scriptForced([
        guess({
          repository: "acme/billing",
          confidence: "high",
          reasoning: "Invoices.",
          alternatives: ["acme/mobile"],
        }),
      ]);
      expect(await classify(env)).toEqual({
        repository: "acme/billing",
        confidence: "high",
        reasoning: "Invoices.",
        alternatives: ["acme/mobile"],
      });
    }
    const [anthropic, openai, custom] = model.requests.slice(-3);
    expect(anthropic).toMatchObject({
      api: "anthropic-messages",
      model: "claude-haiku-4-5",
      forcedTool: CLASSIFY,
      temperature: 0,
      apiKey: "sk-ant-a",
    });
    // OpenAI's reasoning models refuse a temperature: the least reasoning instead.
    expect(openai).toMatchObject({
      api: "openai-responses",
      model: "gpt-5-mini",
      forcedTool: CLASSIFY,
      reasoningEffort: "minimal",
      apiKey: "sk-openai-o",
    });
    expect(openai?.temperature).toBeUndefined();
    expect(custom).toMatchObject({
      api: "chat-completions",
      model: "fake-coder",
      forcedTool: CLASSIFY,
      temperature: 0,
    });

    // NIGHTSHIFT_CLASSIFIER_MODEL chooses another.
    model.scriptForced([guess({ repository: null, confidence: "low", reasoning: "No idea." })]);
    const chosen = { ...providers.anthropic, NIGHTSHIFT_CLASSIFIER_MODEL: "anthropic/claude-sonnet-4-5" };
    expect(await classify(chosen)).toMatchObject({ repository: null, confidence: "low", alternatives: [] });
    expect(model.requests.at(-1)?.model).toBe("claude-sonnet-4-5");
  });

  it("keeps only the candidates' names, in their own spelling, each once", async () => {
    const env = withEnv({ ANTHROPIC_API_KEY: "sk-ant-a", ANTHROPIC_BASE_URL: model.url });
    model.scriptForced([
      guess({
        repository: " ACME/Website ",
        confidence: "medium",
        reasoning: "Docs\nlive\tthere.",
        alternatives: ["acme/secret", "acme/website", "Acme/Mobile", "acme/mobile"],
      }),
    ]);
    expect(await classify(env)).toEqual({
      repository: "acme/website",
      confidence: "medium",
      reasoning: "Docs live there.",
      alternatives: ["acme/mobile"],
    });
  });

  it("caps the request, the candidates and their descriptions it sends", async () => {
    const env = withEnv({ ANTHROPIC_API_KEY: "sk-ant-a", ANTHROPIC_BASE_URL: model.url });
    const many = Array.from({ length: 60 }, (_, index) => ({
      fullName: `acme/service-${index}`,
      description: `d${"x".repeat(500)}`,
    }));
    model.scriptForced([guess({ repository: "acme/service-55", confidence: "high", reasoning: "Beyond the cap." })]);
    const text = `${"a".repeat(CLASSIFIER_LIMITS.textChars)}TAIL-NOT-SENT`;
    // The model cannot pick a candidate it was not shown.
    expect(await classify(env, text, { list: many })).toMatchObject({ repository: null });
    const sent = String(model.requests.at(-1)!.messages[1]!.content);
    expect(sent.match(/^- acme\/service-\d+/gm)).toHaveLength(CLASSIFIER_LIMITS.candidates);
    expect(sent).not.toContain("acme/service-50");
    expect(sent).not.toContain("TAIL-NOT-SENT");
    expect(sent).toContain("[… 13 more characters left out]");
    expect(sent).not.toMatch(new RegExp(`x{${CLASSIFIER_LIMITS.descriptionChars}}`));
  });

  it("is no answer, and throws nothing, when the provider is slow, unreachable, refuses or answers badly", async () => {
    const env = withEnv({ ANTHROPIC_API_KEY: "sk-ant-a", ANTHROPIC_BASE_URL: model.url });
    model.scriptForced([
      { ...guess({ repository: "acme/billing", confidence: "high", reasoning: "Late." }), delayMs: 3_000 },
      { error: { status: 401, message: "invalid x-api-key" } },
      guess({ repository: "acme/billing", confidence: "high" }),
      guess({ repository: 42, confidence: "high", reasoning: "A number." }),
      { text: "acme/billing" },
    ]);
    const startedAt = Date.now();
    expect(await classify(env, "invoices", { timeoutMs: 300 })).toBeNull();
    expect(Date.now() - startedAt).toBeLessThan(2_500);
    for (const _ of [1, 2, 3, 4]) expect(await classify(env)).toBeNull();

    const nowhere = withEnv({
      ANTHROPIC_API_KEY: "sk-ant-a",
      ANTHROPIC_BASE_URL: `http://127.0.0.1:${await freePort()}/v1`,
    });
    expect(await classify(nowhere)).toBeNull();
    expect(await classify(withEnv({}))).toBeNull();
  });

  it("is not asked while the person's budget is spent", async () => {
    const env = withEnv({ ANTHROPIC_API_KEY: "sk-ant-a", ANTHROPIC_BASE_URL: model.url });
    const spender = await createUser();
    const session = await createSessionFor(spender);
    await getDb().modelCall.create({
      data: {
        sessionId: session.id,
        userId: spender.id,
        repositoryId: session.repository.id,
        provider: "anthropic",
        model: "claude-sonnet-4-5",
        status: 200,
        costMicros: 600_000n,
        durationMs: 1_000,
      },
    });
    await updateInstanceSettings({ actor: asActor(await administrator()), settings: { personDailyBudgetUsd: 0.5 } });
    const asked = model.requests.length;
    model.scriptForced([guess({ repository: "acme/billing", confidence: "high", reasoning: "Invoices." })]);
    const ask = () =>
      classifyRepository({ text: "invoices", source: "Slack message", candidates, userId: spender.id }, getDb(), env);
    expect(await ask()).toBeNull();
    expect(model.requests.length).toBe(asked);
    // Someone else, under their own limit, is still served.
    expect(await classify(env)).toMatchObject({ repository: "acme/billing" });
    await updateInstanceSettings({ actor: asActor(await administrator()), settings: { personDailyBudgetUsd: null } });
    model.scriptForced([guess({ repository: "acme/billing", confidence: "high", reasoning: "Invoices." })]);
    expect(await ask()).toMatchObject({ repository: "acme/billing" });
  });
});
