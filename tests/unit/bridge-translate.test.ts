// The bridge's translation of OpenCode's event stream (shapes as opencode 1.18 sends them on
// /event) into Nightshift events.
import { describe, expect, it } from "vitest";
import type { BridgeEvent } from "@/sandbox/bridge/protocol";
import { EventTranslator, MAX_TOOL_OUTPUT } from "@/sandbox/bridge/translate";

const SESSION = "ses_test";
const USER_MESSAGE = "msg_user";
const ASSISTANT = "msg_assistant";

const event = (type: string, properties: Record<string, unknown>) => ({ type, properties });
const part = (fields: Record<string, unknown>) =>
  event("message.part.updated", {
    sessionID: SESSION,
    part: { sessionID: SESSION, messageID: ASSISTANT, ...fields },
    time: 1,
  });
const tool = (status: string, state: Record<string, unknown> = {}) =>
  part({
    id: "prt_tool",
    type: "tool",
    tool: "bash",
    callID: "call_1",
    state: { status, input: { command: "git commit -m x" }, ...state },
  });
const busy = event("session.status", { sessionID: SESSION, status: { type: "busy" } });
const idle = event("session.idle", { sessionID: SESSION });

function translator() {
  const emitted: BridgeEvent[] = [];
  const translate = new EventTranslator(SESSION, (emittedEvent) => emitted.push(emittedEvent));
  return { translate, emitted, types: () => emitted.map((emittedEvent) => emittedEvent.type) };
}

describe("the bridge's event translation", () => {
  it("streams assistant text once, skipping the prompt's own text and other sessions", async () => {
    const { translate, emitted } = translator();
    const done = translate.begin("m1");
    translate.handle(
      event("message.updated", { sessionID: SESSION, info: { id: USER_MESSAGE, role: "user", sessionID: SESSION } }),
    );
    translate.handle(part({ id: "prt_user", messageID: USER_MESSAGE, type: "text", text: "Say hello" }));
    translate.handle(busy);
    translate.handle(part({ id: "prt_text", type: "text", text: "" }));
    translate.handle(
      event("message.part.delta", {
        sessionID: SESSION,
        messageID: ASSISTANT,
        partID: "prt_text",
        field: "text",
        delta: "Hello ",
      }),
    );
    translate.handle(
      event("message.part.delta", {
        sessionID: SESSION,
        messageID: ASSISTANT,
        partID: "prt_text",
        field: "text",
        delta: "there",
      }),
    );
    // The final state of the part repeats the text: nothing more to send.
    translate.handle(part({ id: "prt_text", type: "text", text: "Hello there" }));
    translate.handle(part({ id: "prt_reasoning", type: "reasoning", text: "" }));
    translate.handle(
      event("message.part.delta", {
        sessionID: SESSION,
        messageID: ASSISTANT,
        partID: "prt_reasoning",
        field: "text",
        delta: "thinking",
      }),
    );
    translate.handle(
      event("message.part.delta", {
        sessionID: "ses_other",
        messageID: "x",
        partID: "prt_text",
        field: "text",
        delta: "not ours",
      }),
    );
    translate.handle(idle);

    expect(await done).toEqual({ success: true });
    expect(emitted).toEqual([
      { type: "token", data: { partId: "prt_text", text: "Hello " }, messageId: "m1" },
      { type: "token", data: { partId: "prt_text", text: "there" }, messageId: "m1" },
    ]);
  });

  it("reports each tool status change once, with its output cut to a sane length", () => {
    const { translate, emitted } = translator();
    void translate.begin("m1");
    translate.handle(tool("pending"));
    translate.handle(tool("running"));
    translate.handle(tool("running", { metadata: { output: "partial" } }));
    translate.handle(tool("completed", { title: "Commit", output: "x".repeat(MAX_TOOL_OUTPUT + 10) }));

    expect(emitted.map((emitted) => (emitted.type === "tool_call" ? emitted.data.status : emitted.type))).toEqual([
      "pending",
      "running",
      "completed",
    ]);
    expect(emitted[2]).toMatchObject({
      type: "tool_call",
      messageId: "m1",
      data: {
        callId: "call_1",
        tool: "bash",
        title: "Commit",
        input: { command: "git commit -m x" },
        outputTruncated: true,
      },
    });
    expect(emitted[2]).toMatchObject({
      data: { output: expect.stringMatching(/^x{8000}\n… \(10 more characters not shown\)$/) },
    });
  });

  it("cuts long arguments too, such as a whole file being written", () => {
    const { translate, emitted } = translator();
    void translate.begin("m1");
    translate.handle(
      part({
        id: "prt_write",
        type: "tool",
        tool: "write",
        callID: "c",
        state: { status: "running", input: { filePath: "big.txt", content: "y".repeat(MAX_TOOL_OUTPUT + 1) } },
      }),
    );
    expect(emitted[0]).toMatchObject({
      type: "tool_call",
      data: {
        input: { filePath: "big.txt", content: expect.stringMatching(/^y{8000}\n… \(1 more character not shown\)$/) },
      },
    });
  });

  it("reports each step's tokens and cost, and the session's title once it is named", () => {
    const { translate, emitted } = translator();
    void translate.begin("m1");
    translate.handle(
      event("session.updated", {
        sessionID: SESSION,
        info: { id: SESSION, title: "New session - 2026-11-23T01:57:39.594Z" },
      }),
    );
    translate.handle(
      part({
        id: "prt_step",
        type: "step-finish",
        reason: "stop",
        cost: 0.0125,
        tokens: { input: 10, output: 5, reasoning: 2, cache: { read: 3, write: 1 } },
      }),
    );
    translate.handle(
      event("session.updated", { sessionID: SESSION, info: { id: SESSION, title: "Fix the flaky test" } }),
    );
    translate.handle(
      event("session.updated", { sessionID: SESSION, info: { id: SESSION, title: "Fix the flaky test" } }),
    );

    expect(emitted).toEqual([
      {
        type: "step_finish",
        data: {
          tokens: { input: 10, output: 5, reasoning: 2, cacheRead: 3, cacheWrite: 1 },
          cost: 0.0125,
          reason: "stop",
        },
        messageId: "m1",
      },
      { type: "session_title", data: { title: "Fix the flaky test" }, messageId: "m1" },
    ]);
  });

  it("ends a run failed with the model's error, and ignores idle reports that come before any work", async () => {
    const { translate, emitted } = translator();
    const done = translate.begin("m1");
    translate.handle(idle); // A late duplicate from the previous run.
    translate.handle(busy);
    translate.handle(
      event("session.status", { sessionID: SESSION, status: { type: "retry", attempt: 1, message: "overloaded" } }),
    );
    translate.handle(
      event("session.error", {
        sessionID: SESSION,
        error: { name: "APIError", data: { message: "bad request from the provider", statusCode: 400 } },
      }),
    );
    translate.handle(idle);
    translate.handle(idle);

    expect(await done).toEqual({ success: false, error: "bad request from the provider" });
    expect(emitted).toEqual([
      {
        type: "warning",
        data: { message: "The model call failed (overloaded); OpenCode retries it (attempt 1)." },
        messageId: "m1",
      },
      { type: "error", data: { message: "bad request from the provider", name: "APIError" }, messageId: "m1" },
    ]);
  });

  it("does not report an abort as an error: the stop's reason ends the prompt", async () => {
    const { translate, emitted } = translator();
    const done = translate.begin("m1");
    translate.handle(busy);
    translate.handle(
      event("session.error", {
        sessionID: SESSION,
        error: { name: "MessageAbortedError", data: { message: "Aborted" } },
      }),
    );
    translate.handle(idle);
    expect(await done).toEqual({ success: true });
    expect(emitted).toEqual([]);
  });

  it("says once, as a warning, that a tool part it cannot read is not shown, and carries on", () => {
    const { translate, emitted } = translator();
    void translate.begin("m1");
    translate.handle(tool("exploded"));
    translate.handle(tool("exploded", { title: "again" }));
    translate.handle(tool("completed", { output: "ok" }));

    expect(emitted).toEqual([
      {
        type: "warning",
        data: {
          message: "OpenCode sent a tool part the bridge cannot read, so it is not shown.",
          detail: expect.stringContaining("state.status"),
        },
        messageId: "m1",
      },
      {
        type: "tool_call",
        data: {
          callId: "call_1",
          tool: "bash",
          status: "completed",
          input: { command: "git commit -m x" },
          output: "ok",
        },
        messageId: "m1",
      },
    ]);
  });
});
