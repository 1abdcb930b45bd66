import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeModelServer, startFakeModelServer } from "../fixtures/fake-model/server";

let fake: FakeModelServer;
beforeEach(async () => {
  fake = await startFakeModelServer();
});
afterEach(() => fake.close());

const tools = [{ type: "function", function: { name: "write", parameters: { type: "object" } } }];

async function complete(body: object) {
  return fetch(`${fake.url}/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

/** The streamed chunks' data objects, without the final [DONE]. */
async function chunks(response: Response): Promise<Array<{ choices: Array<{ delta: Record<string, unknown>; finish_reason: string | null }>; usage?: object }>> {
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
    const received = await chunks(await complete({ model: "fake-coder", stream: true, messages: [{ role: "user", content: "hi" }], tools }));

    const text = received.flatMap((chunk) => chunk.choices.map((choice) => choice.delta.content ?? "")).join("");
    expect(text).toBe("Creating the file now.");
    expect(received.at(-2)?.choices[0]?.finish_reason).toBe("stop");
    expect(received.at(-1)?.usage).toEqual({ prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 });
  });

  it("streams tool calls with their arguments as JSON, finishing with tool_calls", async () => {
    fake.script([{ toolCalls: [{ name: "write", arguments: { filePath: "hello.txt", content: "hi" } }] }]);
    const received = await chunks(await complete({ model: "fake-coder", stream: true, messages: [{ role: "user", content: "write" }], tools }));

    const calls = received.flatMap((chunk) => chunk.choices.flatMap((choice) => (choice.delta.tool_calls as Array<{ function: { name?: string; arguments: string } }> | undefined) ?? []));
    expect(calls[0]?.function.name).toBe("write");
    expect(JSON.parse(calls.map((call) => call.function.arguments).join(""))).toEqual({ filePath: "hello.txt", content: "hi" });
    expect(received.some((chunk) => chunk.choices[0]?.finish_reason === "tool_calls")).toBe(true);
  });

  it("answers without streaming, takes steps in order, then says Done.", async () => {
    fake.script([{ text: "first" }, { toolCalls: [{ name: "write", arguments: { filePath: "a" } }] }]);
    const answers = [];
    for (let index = 0; index < 3; index++) {
      answers.push((await (await complete({ model: "fake-coder", messages: [{ role: "user", content: "go" }], tools })).json()) as { choices: Array<{ message: { content: string | null; tool_calls?: unknown[] } }> });
    }
    expect(answers.map((answer) => answer.choices[0]?.message.content)).toEqual(["first", null, "Done."]);
    expect(answers[1]?.choices[0]?.message.tool_calls).toHaveLength(1);
  });

  it("answers title requests apart, records every request, and fails when told to", async () => {
    fake.script([{ error: { status: 529, message: "overloaded" } }]);
    const title = (await (await complete({ model: "fake-coder", messages: [{ role: "system", content: "You are a title generator." }, { role: "user", content: "x" }] })).json()) as { choices: Array<{ message: { content: string } }> };
    const failed = await complete({ model: "fake-coder", messages: [{ role: "user", content: "go" }], tools });

    expect(title.choices[0]?.message.content).toBe("Fake title");
    expect(failed.status).toBe(529);
    expect(fake.requests.map((request) => [request.isTitleRequest, request.tools])).toEqual([[true, []], [false, ["write"]]]);
  });
});
