// The model gateway, called as OpenCode's SDKs call it: each of the fake model server's three APIs
// (Anthropic's Messages, OpenAI's Responses, chat completions of the environment's custom
// endpoint), streamed and not, text, tool calls and errors, comes back exactly as the provider
// sent it, with the provider's key added on the way and never seen by the caller; each call is
// recorded with its tokens and cost; tokens that are not a live sandbox's gateway token are refused.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/sandbox/models/[provider]/[...path]/route";
import { getDb } from "@/server/db";
import { forwardModelCall } from "@/server/models/gateway/gateway";
import { createLiveSandbox, createSessionFor, createUser } from "../../factories";
import { type FakeModelServer, type ScriptStep, startFakeModelServer } from "../../fixtures/fake-model/server";

const KEYS = vi.hoisted(() => {
  const keys = {
    ANTHROPIC_API_KEY: "sk-ant-gateway-test-0123456789",
    OPENAI_API_KEY: "sk-openai-gateway-test-0123456789",
    NIGHTSHIFT_MODEL_API_KEY: "sk-custom-gateway-test-0123456789",
  };
  // Before any server code reads the environment: both hosted providers are the fake model server.
  Object.assign(process.env, keys, {
    ANTHROPIC_BASE_URL: process.env.NIGHTSHIFT_MODEL_BASE_URL,
    OPENAI_BASE_URL: process.env.NIGHTSHIFT_MODEL_BASE_URL,
  });
  return keys;
});

let model: FakeModelServer;
let gatewayToken: string;
let bridgeToken: string;
let sessionId: string;

/** A live sandbox of the session, with the gateway token to call as it and its bridge token. */
async function liveSandbox(sessionId: string, status: "ready" | "stopped" = "ready") {
  const { sandbox, token, gatewayToken } = await createLiveSandbox(sessionId, status);
  return { sandbox, token: gatewayToken, bridge: token };
}

beforeAll(async () => {
  model = await startFakeModelServer({ port: Number(new URL(process.env.NIGHTSHIFT_MODEL_BASE_URL!).port) });
  const user = await createUser({ name: "Grace Hopper" });
  const session = await createSessionFor(user);
  sessionId = session.id;
  const live = await liveSandbox(session.id);
  [gatewayToken, bridgeToken] = [live.token, live.bridge];
});

afterAll(async () => {
  await model.close();
});

type Call = { provider: string; path: string; body: Record<string, unknown>; auth: "x-api-key" | "bearer" };

const CALLS = {
  anthropic: {
    provider: "anthropic",
    path: "messages",
    auth: "x-api-key",
    body: { model: "claude-sonnet-4-5", max_tokens: 256, messages: [{ role: "user", content: "Hello" }] },
  },
  responses: {
    provider: "openai",
    path: "responses",
    auth: "bearer",
    body: { model: "gpt-5", input: [{ role: "user", content: [{ type: "input_text", text: "Hello" }] }] },
  },
  chat: {
    provider: "custom",
    path: "chat/completions",
    auth: "bearer",
    body: { model: "fake-coder", messages: [{ role: "user", content: "Hello" }] },
  },
} satisfies Record<string, Call>;

function request(call: Call, options: { stream: boolean; token?: string | null }) {
  const token = options.token === undefined ? gatewayToken : options.token;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token)
    headers[call.auth === "x-api-key" ? "x-api-key" : "authorization"] =
      call.auth === "x-api-key" ? token : `Bearer ${token}`;
  if (call.provider === "anthropic") headers["anthropic-version"] = "2023-06-01";
  const body = {
    ...call.body,
    stream: options.stream,
    ...(options.stream && call.path === "chat/completions" ? { stream_options: { include_usage: true } } : {}),
  };
  return {
    body,
    viaGateway: () =>
      POST(
        new Request(`http://127.0.0.1/api/sandbox/models/${call.provider}/${call.path}`, {
          method: "POST",
          headers,
          body: JSON.stringify(body),
        }),
        { params: Promise.resolve({ provider: call.provider, path: call.path.split("/") }) },
      ),
    direct: (key: string) =>
      fetch(`${model.url}/${call.path}`, {
        method: "POST",
        headers: {
          ...headers,
          ...(call.auth === "x-api-key" ? { "x-api-key": key } : { authorization: `Bearer ${key}` }),
        },
        body: JSON.stringify(body),
      }),
  };
}

/** The reply's text with what differs from one answer to the next (ids, timestamps) made equal. */
const normalized = (text: string) =>
  text.replace(/(_fake_|chatcmpl-|call_)\d+/g, "$1N").replace(/"(created|created_at)":\d+/g, '"$1":0');

const KEY_OF = {
  anthropic: KEYS.ANTHROPIC_API_KEY,
  openai: KEYS.OPENAI_API_KEY,
  custom: KEYS.NIGHTSHIFT_MODEL_API_KEY,
};

describe("the model gateway", () => {
  const steps: Array<[string, ScriptStep]> = [
    ["text", { text: "Hello from the model, in several words." }],
    ["a tool call", { toolCalls: [{ name: "bash", arguments: { command: "ls -la" } }] }],
    ["an error", { error: { status: 429, message: "Slow down, please." } }],
  ];
  for (const [api, call] of Object.entries(CALLS))
    for (const stream of [true, false])
      for (const [what, step] of steps)
        it(`passes ${api} ${stream ? "streamed" : "whole"}, ${what}, through unchanged with the provider's key`, async () => {
          const { viaGateway, direct } = request(call, { stream });
          model.script([step]);
          const expected = await direct(KEY_OF[call.provider as keyof typeof KEY_OF]);
          const expectedText = await expected.text();
          model.script([step]);
          const got = await viaGateway();
          expect(got.status).toBe(expected.status);
          expect(got.headers.get("content-type")).toBe(expected.headers.get("content-type"));
          expect(normalized(await got.text())).toBe(normalized(expectedText));
          const seen = model.requests.at(-1)!;
          expect(seen.apiKey).toBe(KEY_OF[call.provider as keyof typeof KEY_OF]);
          expect(seen.stream).toBe(stream);
        });

  it("records each call's tokens and cost against the session, and the caller sees no key", async () => {
    // A session of this test's own: the calls of the tests before are recorded after their
    // answers have gone, and may still be arriving on the shared one.
    const own = await createSessionFor(await createUser());
    const { token, sandbox } = await liveSandbox(own.id);
    model.script([{ text: "Counted." }]);
    const reply = await request(CALLS.anthropic, { stream: true, token }).viaGateway();
    const text = await reply.text();
    for (const key of Object.values(KEYS)) expect(text).not.toContain(key);
    model.script([{ text: "Counted too." }]);
    await (await request(CALLS.chat, { stream: false, token }).viaGateway()).text();

    await expect.poll(() => getDb().modelCall.count({ where: { sessionId: own.id } })).toBe(2);
    const calls = await getDb().modelCall.findMany({ where: { sessionId: own.id } });
    const anthropic = calls.find((call) => call.provider === "anthropic");
    const custom = calls.find((call) => call.provider === "custom");
    // The fake answers with 120 tokens in and 30 out; Claude Sonnet 4.5 lists $3 and $15 a million.
    expect(anthropic).toMatchObject({
      sandboxId: sandbox.id,
      model: "claude-sonnet-4-5",
      status: 200,
      inputTokens: 120,
      outputTokens: 30,
      costMicros: BigInt(120 * 3 + 30 * 15),
    });
    // The session's total is the sum of its calls' costs, recorded together.
    const { totalCostUsd } = await getDb().session.findUniqueOrThrow({ where: { id: own.id } });
    expect(totalCostUsd.toNumber()).toBe((120 * 3 + 30 * 15) / 1_000_000);
    // A custom endpoint's model has no known price: its tokens are counted, its cost is not.
    expect(custom).toMatchObject({
      provider: "custom",
      model: "fake-coder",
      inputTokens: 120,
      outputTokens: 30,
      costMicros: null,
    });
  });

  it("passes a stream on as it arrives, before the provider has finished it", async () => {
    model.script([{ text: "one two three four five six", chunkDelayMs: 150 }]);
    let upstreamEnded = false;
    const watchingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const body = response.body!.pipeThrough(
        new TransformStream({
          flush() {
            upstreamEnded = true;
          },
        }),
      );
      return new Response(body, response);
    };
    const { body } = request(CALLS.chat, { stream: true });
    const reply = await forwardModelCall(
      new Request("http://127.0.0.1/api/sandbox/models/custom/chat/completions", {
        method: "POST",
        headers: { authorization: `Bearer ${gatewayToken}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
      { provider: "custom", path: ["chat", "completions"] },
      { fetch: watchingFetch },
    );
    const reader = reply.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain("data:");
    expect(upstreamEnded).toBe(false);
    while (!(await reader.read()).done);
    expect(upstreamEnded).toBe(true);
  });

  describe("refuses", () => {
    const refusal = async (response: Response) => ({
      status: response.status,
      message: ((await response.json()) as { error: { message: string } }).error.message,
    });

    it("a call without a token, with a wrong one, or with the bridge's token", async () => {
      for (const token of [null, "nsg_not-a-token", bridgeToken]) {
        const before = model.requests.length;
        const got = await refusal(await request(CALLS.chat, { stream: false, token }).viaGateway());
        expect(got.status).toBe(401);
        expect(got.message).toMatch(/gateway token/);
        expect(model.requests.length).toBe(before);
      }
    });

    it("the token of a sandbox that has stopped", async () => {
      const stopped = await liveSandbox(sessionId, "stopped");
      const got = await refusal(await request(CALLS.chat, { stream: false, token: stopped.token }).viaGateway());
      expect(got).toEqual({ status: 401, message: "This sandbox is stopped; its gateway token is no longer valid." });
    });

    it("charges a call to the token's own session only", async () => {
      const other = await createSessionFor(await createUser());
      const { token } = await liveSandbox(other.id);
      model.script([{ text: "Theirs." }]);
      await (await request(CALLS.chat, { stream: false, token }).viaGateway()).text();
      await expect.poll(() => getDb().modelCall.count({ where: { sessionId: other.id } })).toBe(1);
    });

    it("a provider, a model or a call it does not offer", async () => {
      const cases: Array<[Call, number, RegExp]> = [
        [{ ...CALLS.chat, provider: "nobody" }, 404, /no model provider "nobody"/],
        [{ ...CALLS.chat, body: { ...CALLS.chat.body, model: "gpt-9-ultra" } }, 403, /offers no model "gpt-9-ultra"/],
        [{ ...CALLS.chat, path: "embeddings" }, 404, /serves messages, responses, chat\/completions/],
        [
          { ...CALLS.chat, provider: "opencode", body: { ...CALLS.chat.body, model: "qwen3-coder" } },
          403,
          /OpenCode Zen has no API key/,
        ],
      ];
      for (const [call, status, message] of cases) {
        const got = await refusal(await request(call, { stream: false }).viaGateway());
        expect(got.status).toBe(status);
        expect(got.message).toMatch(message);
      }
    });
  });
});
