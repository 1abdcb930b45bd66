// A model call's usage as the gateway reads it from each API's answer, whole or streamed (in
// chunks cut anywhere), and what it costs at a list price.
import { describe, expect, it } from "vitest";
import { costMicros } from "@/server/models/catalog";
import { streamUsageReader, usageOfReply } from "@/server/models/gateway/usage";

const sse = (events: Array<[string | null, unknown]>) =>
  events.map(([name, data]) => `${name ? `event: ${name}\n` : ""}data: ${JSON.stringify(data)}\n\n`).join("");

/** Feeds `text` to a reader in pieces of `size` bytes, so that lines and characters are cut apart. */
function readStream(text: string, size: number) {
  const reader = streamUsageReader();
  const bytes = new TextEncoder().encode(text);
  for (let start = 0; start < bytes.length; start += size) reader.push(bytes.slice(start, start + size));
  return reader.usage();
}

const anthropicStream = sse([
  [
    "message_start",
    {
      type: "message_start",
      message: {
        usage: { input_tokens: 50, cache_creation_input_tokens: 200, cache_read_input_tokens: 1000, output_tokens: 1 },
      },
    },
  ],
  ["content_block_delta", { type: "content_block_delta", delta: { type: "text_delta", text: "héllo" } }],
  ["message_delta", { type: "message_delta", usage: { output_tokens: 17 } }],
  ["message_delta", { type: "message_delta", usage: { output_tokens: 42 } }],
  ["message_stop", { type: "message_stop" }],
]);

const responsesStream = sse([
  ["response.created", { type: "response.created", response: { usage: null } }],
  ["response.output_text.delta", { type: "response.output_text.delta", delta: "hi" }],
  [
    "response.completed",
    {
      type: "response.completed",
      response: {
        usage: {
          input_tokens: 900,
          input_tokens_details: { cached_tokens: 600 },
          output_tokens: 80,
          output_tokens_details: { reasoning_tokens: 64 },
        },
      },
    },
  ],
]);

const chatStream = `${sse([
  [null, { choices: [{ delta: { content: "hi" } }] }],
  [
    null,
    {
      choices: [],
      usage: {
        prompt_tokens: 300,
        completion_tokens: 20,
        prompt_tokens_details: { cached_tokens: 100 },
        completion_tokens_details: { reasoning_tokens: 5 },
      },
    },
  ],
])}data: [DONE]\n\n`;

describe("a model call's usage", () => {
  for (const size of [1, 7, 4096])
    it(`is read from each API's stream, cut into pieces of ${size} bytes`, () => {
      expect(readStream(anthropicStream, size)).toEqual({
        inputTokens: 50,
        outputTokens: 42,
        reasoningTokens: 0,
        cacheReadTokens: 1000,
        cacheWriteTokens: 200,
      });
      // OpenAI counts cached tokens inside the input; they are taken out, as Anthropic does.
      expect(readStream(responsesStream, size)).toEqual({
        inputTokens: 300,
        outputTokens: 80,
        reasoningTokens: 64,
        cacheReadTokens: 600,
        cacheWriteTokens: 0,
      });
      expect(readStream(chatStream, size)).toEqual({
        inputTokens: 200,
        outputTokens: 20,
        reasoningTokens: 5,
        cacheReadTokens: 100,
        cacheWriteTokens: 0,
      });
    });

  it("is read from a whole JSON reply, and is nothing when the reply states none", () => {
    expect(usageOfReply({ usage: { input_tokens: 10, output_tokens: 3, cache_read_input_tokens: 0 } })).toMatchObject({
      inputTokens: 10,
      outputTokens: 3,
    });
    expect(usageOfReply({ usage: { prompt_tokens: 8, completion_tokens: 2 } })).toMatchObject({
      inputTokens: 8,
      outputTokens: 2,
    });
    expect(usageOfReply({ error: { message: "no" } })).toEqual(readStream("", 1));
    expect(readStream("data: {not json\n\ndata: [DONE]\n\n", 3).outputTokens).toBe(0);
  });

  it("costs tokens times the list price, per kind of token, and nothing is known without a price", () => {
    const usage = {
      inputTokens: 1000,
      outputTokens: 100,
      reasoningTokens: 0,
      cacheReadTokens: 2000,
      cacheWriteTokens: 500,
    };
    // $3 in, $15 out, $0.30 cache read, $3.75 cache write, per million: 3000 + 1500 + 600 + 1875 millionths.
    expect(costMicros({ input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 }, usage)).toBe(6975);
    // Without cache prices, cached input costs as input.
    expect(costMicros({ input: 1, output: 2 }, usage)).toBe(1000 + 200 + 2000 + 500);
    expect(costMicros(undefined, usage)).toBeNull();
  });
});
