import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeModelServer, startFakeModelServer } from "../fixtures/fake-model/server";

let fake: FakeModelServer;
beforeEach(async () => {
  fake = await startFakeModelServer();
});
afterEach(() => fake.close());

const tools = [{ type: "function", function: { name: "write", parameters: { type: "object" } } }];

async function complete(body: object) {
  return fetch(`${fake.url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer sk-chat-test" },
    body: JSON.stringify(body),
  });
}

/** The streamed chunks' data objects, without the final [DONE]. */
async function chunks(
  response: Response,
): Promise<
  Array<{ choices: Array<{ delta: Record<string, unknown>; finish_reason: string | null }>; usage?: object }>
> {
  const text = await response.text();
  expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
  return text
    .split("\n\n")
    .filter((line) => line.startsWith("data: {"))
    .map((line) => JSON.parse(line.slice(6)) as never);
}

describe("the fake model server", () => {
  it("streams the script's text word by word, then usage", async () => {
    fake.script([{ text: "Creating the file now." }]);
    const received = await chunks(
      await complete({
        model: "fake-coder",
        stream: true,
        reasoning_effort: "high",
        max_tokens: 8000,
        messages: [{ role: "user", content: "hi" }],
        tools,
      }),
    );

    const text = received.flatMap((chunk) => chunk.choices.map((choice) => choice.delta.content ?? "")).join("");
    expect(text).toBe("Creating the file now.");
    expect(received.at(-2)?.choices[0]?.finish_reason).toBe("stop");
    expect(received.at(-1)?.usage).toEqual({ prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 });
    expect(fake.requests).toEqual([
      {
        receivedAt: expect.any(Number),
        api: "chat-completions",
        model: "fake-coder",
        stream: true,
        messages: [{ role: "user", content: "hi" }],
        tools: ["write"],
        isTitleRequest: false,
        reasoningEffort: "high",
        reasoningSummary: null,
        thinking: null,
        maxTokens: 8000,
        apiKey: "sk-chat-test",
      },
    ]);
  });

  it("streams tool calls with their arguments as JSON, finishing with tool_calls", async () => {
    fake.script([{ toolCalls: [{ name: "write", arguments: { filePath: "hello.txt", content: "hi" } }] }]);
    const received = await chunks(
      await complete({ model: "fake-coder", stream: true, messages: [{ role: "user", content: "write" }], tools }),
    );

    const calls = received.flatMap((chunk) =>
      chunk.choices.flatMap(
        (choice) =>
          (choice.delta.tool_calls as Array<{ function: { name?: string; arguments: string } }> | undefined) ?? [],
      ),
    );
    expect(calls[0]?.function.name).toBe("write");
    expect(JSON.parse(calls.map((call) => call.function.arguments).join(""))).toEqual({
      filePath: "hello.txt",
      content: "hi",
    });
    expect(received.some((chunk) => chunk.choices[0]?.finish_reason === "tool_calls")).toBe(true);
  });

  it("answers without streaming, takes steps in order, then says Done.", async () => {
    fake.script([{ text: "first" }, { toolCalls: [{ name: "write", arguments: { filePath: "a" } }] }]);
    const answers = [];
    for (let index = 0; index < 3; index++) {
      answers.push(
        (await (
          await complete({ model: "fake-coder", messages: [{ role: "user", content: "go" }], tools })
        ).json()) as { choices: Array<{ message: { content: string | null; tool_calls?: unknown[] } }> },
      );
    }
    expect(answers.map((answer) => answer.choices[0]?.message.content)).toEqual(["first", null, "Done."]);
    expect(answers[1]?.choices[0]?.message.tool_calls).toHaveLength(1);
  });

  it("answers title requests apart, records every request, and fails when told to", async () => {
    fake.script([{ error: { status: 529, message: "overloaded" } }]);
    const title = (await (
      await complete({
        model: "fake-coder",
        messages: [
          { role: "system", content: "You are a title generator." },
          { role: "user", content: "x" },
        ],
      })
    ).json()) as { choices: Array<{ message: { content: string } }> };
    const failed = await complete({ model: "fake-coder", messages: [{ role: "user", content: "go" }], tools });

    expect(title.choices[0]?.message.content).toBe("Fake title");
    expect(failed.status).toBe(529);
    expect(fake.requests.map((request) => [request.isTitleRequest, request.tools])).toEqual([
      [true, []],
      [false, ["write"]],
    ]);
  });
});

async function post(path: string, body: object) {
  return fetch(`${fake.url}${path}`, {
    method: "POST",
    // As Anthropic's SDK sends its key (OpenAI's sends it as the chat requests above do).
    headers: { "content-type": "application/json", "x-api-key": "sk-post-test" },
    body: JSON.stringify(body),
  });
}

type ServerSentEvent = { type: string; [key: string]: unknown };

/** The streamed events' data objects, each checked to be named by its `event:` line. */
async function events(response: Response): Promise<ServerSentEvent[]> {
  expect(response.headers.get("content-type")).toBe("text/event-stream");
  const frames = (await response.text()).split("\n\n").filter((frame) => frame.trim() !== "");
  return frames.map((frame) => {
    const [event, data] = frame.split("\n");
    const parsed = JSON.parse(data?.replace(/^data: /, "") ?? "") as ServerSentEvent;
    expect(event).toBe(`event: ${parsed.type}`);
    return parsed;
  });
}

const anthropicTools = [{ name: "write", description: "Writes a file", input_schema: { type: "object" } }];

describe("the fake model server, as Anthropic's Messages API", () => {
  it("streams text as text deltas in one content block, then the stop reason and usage", async () => {
    fake.script([{ text: "Creating the file now." }]);
    const received = await events(
      await post("/messages", {
        model: "claude-sonnet-4-5",
        stream: true,
        max_tokens: 56000,
        thinking: { type: "enabled", budget_tokens: 24000 },
        system: [{ type: "text", text: "You are a coding agent." }],
        messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
        tools: anthropicTools,
      }),
    );

    expect(received.map((event) => event.type)).toEqual([
      "message_start",
      "content_block_start",
      ...Array(4).fill("content_block_delta"),
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    const deltas = received
      .filter((event) => event.type === "content_block_delta")
      .map((event) => event.delta as { type: string; text: string });
    expect(deltas.every((delta) => delta.type === "text_delta")).toBe(true);
    expect(deltas.map((delta) => delta.text).join("")).toBe("Creating the file now.");
    expect(received.at(-2)).toMatchObject({ delta: { stop_reason: "end_turn" }, usage: { output_tokens: 30 } });
    expect(fake.requests).toEqual([
      {
        receivedAt: expect.any(Number),
        api: "anthropic-messages",
        model: "claude-sonnet-4-5",
        stream: true,
        messages: [
          { role: "system", content: [{ type: "text", text: "You are a coding agent." }] },
          { role: "user", content: [{ type: "text", text: "hi" }] },
        ],
        tools: ["write"],
        isTitleRequest: false,
        reasoningEffort: null,
        reasoningSummary: null,
        thinking: { type: "enabled", budgetTokens: 24000 },
        maxTokens: 56000,
        apiKey: "sk-post-test",
      },
    ]);
  });

  it("streams tool calls as tool_use blocks with their input as JSON, stopping for tool use", async () => {
    fake.script([{ toolCalls: [{ name: "write", arguments: { filePath: "hello.txt", content: "hi" } }] }]);
    const received = await events(
      await post("/messages", {
        model: "claude-sonnet-4-5",
        stream: true,
        max_tokens: 1000,
        messages: [{ role: "user", content: "write" }],
        tools: anthropicTools,
      }),
    );

    expect(received.find((event) => event.type === "content_block_start")?.content_block).toMatchObject({
      type: "tool_use",
      name: "write",
    });
    const deltas = received
      .filter((event) => event.type === "content_block_delta")
      .map((event) => event.delta as { type: string; partial_json: string });
    expect(deltas.every((delta) => delta.type === "input_json_delta")).toBe(true);
    expect(JSON.parse(deltas.map((delta) => delta.partial_json).join(""))).toEqual({
      filePath: "hello.txt",
      content: "hi",
    });
    expect(received.at(-2)).toMatchObject({ delta: { stop_reason: "tool_use" } });
    expect(fake.requests[0]?.thinking).toBeNull();
  });

  it("answers without streaming, fails in Anthropic's error shape, and answers title requests apart", async () => {
    fake.script([
      { text: "first" },
      { toolCalls: [{ name: "write", arguments: { filePath: "a" } }] },
      { error: { status: 529, message: "overloaded" } },
    ]);
    const ask = (system: unknown, tools: unknown[] = anthropicTools) =>
      post("/messages", {
        model: "claude-sonnet-4-5",
        max_tokens: 1000,
        system,
        messages: [{ role: "user", content: "go" }],
        tools,
      });

    const text = (await (await ask("You are a coding agent.")).json()) as {
      type: string;
      content: unknown[];
      stop_reason: string;
    };
    const title = (await (
      await ask([{ type: "text", text: "You are a title generator. You output ONLY a thread title." }], [])
    ).json()) as { content: unknown[] };
    const toolUse = (await (await ask("You are a coding agent.")).json()) as {
      content: unknown[];
      stop_reason: string;
    };
    const failed = await ask("You are a coding agent.");

    expect(text).toMatchObject({
      type: "message",
      content: [{ type: "text", text: "first" }],
      stop_reason: "end_turn",
    });
    expect(title.content).toEqual([{ type: "text", text: "Fake title" }]);
    expect(toolUse).toMatchObject({
      content: [{ type: "tool_use", name: "write", input: { filePath: "a" } }],
      stop_reason: "tool_use",
    });
    expect(failed.status).toBe(529);
    expect(await failed.json()).toEqual({ type: "error", error: { type: "overloaded_error", message: "overloaded" } });
    expect(fake.requests.map((request) => [request.api, request.stream, request.isTitleRequest])).toEqual([
      ["anthropic-messages", false, false],
      ["anthropic-messages", false, true],
      ["anthropic-messages", false, false],
      ["anthropic-messages", false, false],
    ]);
  });

  it("refuses a request not shaped like Anthropic's, in Anthropic's error shape", async () => {
    const refused = await post("/messages", { model: "claude-sonnet-4-5", messages: "hi" });

    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
  });
});

const responsesTools = [{ type: "function", name: "write", parameters: { type: "object" } }];

describe("the fake model server, as OpenAI's Responses API", () => {
  it("streams text in a message item, then the completed response with usage", async () => {
    fake.script([{ text: "Creating the file now." }]);
    const received = await events(
      await post("/responses", {
        model: "gpt-5",
        stream: true,
        max_output_tokens: 32000,
        reasoning: { effort: "high", summary: "auto" },
        input: [
          { role: "developer", content: "You are a coding agent." },
          { role: "user", content: [{ type: "input_text", text: "hi" }] },
        ],
        tools: responsesTools,
      }),
    );

    const types = received.map((event) => event.type);
    expect(types[0]).toBe("response.created");
    expect(types.at(-1)).toBe("response.completed");
    expect(types.indexOf("response.output_item.added")).toBeLessThan(types.indexOf("response.output_text.delta"));
    expect(types.lastIndexOf("response.output_text.delta")).toBeLessThan(types.indexOf("response.output_item.done"));
    expect(received.map((event) => event.sequence_number)).toEqual(received.map((_, index) => index));
    const text = received
      .filter((event) => event.type === "response.output_text.delta")
      .map((event) => event.delta as string);
    expect(text.join("")).toBe("Creating the file now.");
    expect(received.at(-1)?.response).toMatchObject({
      status: "completed",
      output: [{ type: "message", content: [{ type: "output_text", text: "Creating the file now." }] }],
      usage: { input_tokens: 120, output_tokens: 30 },
    });
    expect(fake.requests).toEqual([
      {
        receivedAt: expect.any(Number),
        api: "openai-responses",
        model: "gpt-5",
        stream: true,
        messages: [
          { role: "developer", content: "You are a coding agent." },
          { role: "user", content: [{ type: "input_text", text: "hi" }] },
        ],
        tools: ["write"],
        isTitleRequest: false,
        reasoningEffort: "high",
        reasoningSummary: "auto",
        thinking: null,
        maxTokens: 32000,
        apiKey: "sk-post-test",
      },
    ]);
  });

  it("streams tool calls as function_call items with their arguments as JSON", async () => {
    fake.script([{ toolCalls: [{ name: "write", arguments: { filePath: "hello.txt", content: "hi" } }] }]);
    const received = await events(
      await post("/responses", {
        model: "gpt-5",
        stream: true,
        input: [{ role: "user", content: "write" }],
        tools: responsesTools,
      }),
    );

    const added = received.find((event) => event.type === "response.output_item.added")?.item as {
      type: string;
      id: string;
      call_id: string;
      name: string;
    };
    expect(added).toMatchObject({ type: "function_call", name: "write" });
    const deltas = received.filter((event) => event.type === "response.function_call_arguments.delta");
    expect(deltas.every((event) => event.item_id === added.id)).toBe(true);
    expect(JSON.parse(deltas.map((event) => event.delta as string).join(""))).toEqual({
      filePath: "hello.txt",
      content: "hi",
    });
    const done = received.find((event) => event.type === "response.output_item.done")?.item as {
      call_id: string;
      arguments: string;
      status: string;
    };
    expect(done).toMatchObject({ call_id: added.call_id, status: "completed" });
    expect(JSON.parse(done.arguments)).toEqual({ filePath: "hello.txt", content: "hi" });
    expect(received.at(-1)).toMatchObject({
      type: "response.completed",
      response: { output: [{ type: "function_call", call_id: added.call_id }] },
    });
  });

  it("answers without streaming, fails when told to, and answers title requests apart", async () => {
    fake.script([
      { text: "first" },
      { toolCalls: [{ name: "write", arguments: { filePath: "a" } }] },
      { error: { status: 429, message: "slow down" } },
    ]);
    const ask = (body: object) => post("/responses", { model: "gpt-5", tools: responsesTools, ...body });

    const text = (await (await ask({ input: "go" })).json()) as { output: unknown[] };
    const titleFromInput = (await (
      await ask({
        input: [
          { role: "developer", content: "You are a title generator." },
          { role: "user", content: "x" },
        ],
        tools: [],
      })
    ).json()) as { output: unknown[] };
    const titleFromInstructions = (await (
      await ask({ instructions: "You are a title generator.", input: "x", tools: [] })
    ).json()) as { output: unknown[] };
    const call = (await (await ask({ input: "go" })).json()) as { output: unknown[] };
    const failed = await ask({ input: "go" });

    expect(text.output).toMatchObject([
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "first" }] },
    ]);
    expect(titleFromInput.output).toMatchObject([{ content: [{ text: "Fake title" }] }]);
    expect(titleFromInstructions.output).toMatchObject([{ content: [{ text: "Fake title" }] }]);
    expect(call.output).toMatchObject([{ type: "function_call", name: "write", arguments: '{"filePath":"a"}' }]);
    expect(failed.status).toBe(429);
    expect(await failed.json()).toMatchObject({ error: { message: "slow down" } });
    expect(fake.requests.map((request) => request.isTitleRequest)).toEqual([false, true, true, false, false]);
    expect(fake.requests[2]?.messages).toEqual([
      { role: "system", content: "You are a title generator." },
      { role: "user", content: "x" },
    ]);
  });

  it("records function calls and their outputs sent back as input items", async () => {
    const call = { type: "function_call", call_id: "call_1", name: "bash", arguments: '{"command":"echo hi"}' };
    const output = { type: "function_call_output", call_id: "call_1", output: "hi\n" };
    await post("/responses", {
      model: "gpt-5",
      input: [{ role: "user", content: "go" }, call, output],
      tools: responsesTools,
    });

    expect(fake.requests[0]?.messages).toEqual([
      { role: "user", content: "go" },
      { role: "assistant", content: call },
      { role: "tool", content: output },
    ]);
  });
});
