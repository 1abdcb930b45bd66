// The timeline's schemas take every event as its producers really make it — the bridge's (shapes
// from opencode 1.18 through translate.ts, and from main.ts and boot.ts) and the control plane's —
// whole, with nothing dropped; and an event that does not fit becomes an error event that says,
// for people, what arrived and what was wrong.
import { describe, expect, it } from "vitest";
import { fitBridgeEvent, fitStoredEvent } from "@/server/events/fit-event";
import { TIMELINE_EVENT_TYPES, timelineEventSchema } from "@/server/events/schemas";
import { parseTimelineMessage } from "@/server/realtime/channels";

const author = { name: "Ada Lovelace", email: "ada@example.com" };
const REAL: Array<{ type: string; data: unknown }> = [
  { type: "boot_phase", data: { phase: "cloning", status: "skipped", reason: "the repository is already here" } },
  { type: "boot_phase", data: { phase: "cloning", status: "started" } },
  { type: "boot_phase", data: { phase: "cloning", status: "finished", durationMs: 812, from: "main" } },
  { type: "boot_phase", data: { phase: "setup", status: "started", script: ".nightshift/setup.sh" } },
  { type: "boot_phase", data: { phase: "start", status: "failed", durationMs: 120000, exitCode: null } },
  { type: "boot_phase", data: { phase: "agent", status: "finished", durationMs: 2300 } },
  { type: "sandbox_status", data: { status: "ready" } },
  { type: "sandbox_status", data: { status: "failed", error: ".nightshift/start.sh failed with exit code 1:\nboom" } },
  { type: "sandbox_status", data: { status: "stopped", reason: "idle for 10 minutes" } },
  { type: "sandbox_status", data: { status: "suspended", reason: "idle for 10 minutes; it resumes where it was" } },
  { type: "sandbox_status", data: { status: "ready", resumed: true } },
  { type: "warning", data: { message: ".nightshift/setup.sh failed; continuing without it.", detail: "npm ERR!" } },
  { type: "warning", data: { message: "The model call failed (overloaded); OpenCode retries it (attempt 1)." } },
  { type: "user_message", data: { content: "Say hello", author, model: "custom/fake-coder", reasoningEffort: null } },
  { type: "user_message", data: { content: "Think", author, model: "anthropic/claude", reasoningEffort: "high" } },
  { type: "token", data: { partId: "prt_205a5d274001Sf84U3BFYobhKN", text: "Hello " } },
  { type: "tool_call", data: { callId: "call_1", tool: "write", status: "pending", input: {} } },
  {
    type: "tool_call",
    data: {
      callId: "call_1",
      tool: "write",
      status: "completed",
      title: "hello.txt",
      input: { filePath: "/workspace/hello.txt", content: "written by fake model\n" },
      output: "Wrote file successfully.",
    },
  },
  {
    type: "tool_call",
    data: {
      callId: "call_1",
      tool: "grep",
      status: "error",
      input: { pattern: "fake" },
      error: "ripgrep execution failed",
    },
  },
  {
    type: "tool_call",
    data: {
      callId: "call_2",
      tool: "bash",
      status: "completed",
      input: { command: "cat big.log", flags: [1, true, null] },
      output: "x… (10 more characters not shown)",
      outputTruncated: true,
    },
  },
  {
    type: "step_finish",
    data: { tokens: { input: 10, output: 5, reasoning: 0, cacheRead: 0, cacheWrite: 0 }, cost: 0, reason: "stop" },
  },
  { type: "error", data: { message: "bad request from the provider", name: "APIError" } },
  { type: "error", data: { message: "The sandbox stopped responding: no heartbeat for 60 s." } },
  { type: "execution_complete", data: { success: true } },
  { type: "execution_complete", data: { success: false, reason: "stopped by Ada" } },
  { type: "session_title", data: { title: "Fix the flaky test" } },
  {
    type: "git_push",
    data: { branch: "nightshift/abc", commit: "bf0a9e53063ecdda5f32d558ef7e97ddbc321e6f", remote: "/srv/repo.git" },
  },
  {
    type: "checkpoint",
    data: { commit: "0c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5", ref: "refs/nightshift/checkpoints/abc" },
  },
  {
    type: "pull_request",
    data: { action: "created", number: 7, url: "https://github.com/acme/engine/pull/7", title: "Fix", onGithub: true },
  },
  {
    type: "pull_request",
    data: { action: "updated", number: null, url: "http://localhost/sessions/s#files", title: "Fix", onGithub: false },
  },
];

describe("the timeline's event schemas", () => {
  it("take every real shape whole, and cover every type", () => {
    for (const event of REAL) expect(timelineEventSchema.parse(event)).toEqual(event);
    expect(new Set(REAL.map((event) => event.type))).toEqual(new Set(TIMELINE_EVENT_TYPES));
  });

  it("keep a sandbox's event and its prompt as sent", () => {
    const sent = { type: "token", data: { partId: "p1", text: "Hi" }, messageId: "m1" };
    expect(fitBridgeEvent(sent)).toEqual(sent);
    expect(fitBridgeEvent({ type: "token", data: { partId: "p1", text: "Hi" } })).toMatchObject({ messageId: null });
  });

  it("turn what does not fit into an error event that says what arrived and what was wrong", () => {
    const cases: Array<[unknown, string]> = [
      [
        { type: "tool_call", data: { callId: "c", tool: "bash", status: "done", input: {} }, messageId: "m1" },
        'The sandbox sent a tool_call event that does not fit: status: expected one of "pending"|"running"|"completed"|"error".',
      ],
      [
        { type: "sandbox_status", data: { status: "failed" } },
        "The sandbox sent a sandbox_status event that does not fit: error: expected string, received undefined.",
      ],
      [
        { type: "sandbox_status", data: { status: "exploded" } },
        'The sandbox sent a sandbox_status event that does not fit: status: expected one of "ready"|"failed"|"stopped"|"suspended".',
      ],
      [
        { type: "token", data: "Hi" },
        "The sandbox sent a token event that does not fit: expected object, received string.",
      ],
      [{ type: "pull_request", data: {} }, 'The sandbox sent an event of a type it may not send: "pull_request".'],
      [{ data: {} }, "The sandbox sent something that is not an event: type: expected string, received undefined."],
    ];
    for (const [raw, message] of cases) {
      expect(fitBridgeEvent(raw)).toMatchObject({ type: "error", data: { message, detail: expect.any(String) } });
    }
    expect(fitBridgeEvent(cases[0]![0])).toMatchObject({
      messageId: "m1",
      data: { detail: expect.stringContaining('"done"') },
    });
  });

  it("keep the data of a misfit short, and say how many more problems there were", () => {
    const event = fitStoredEvent({ type: "user_message", data: { content: 5, padding: "x".repeat(5_000) } });
    expect(event.type).toBe("error");
    expect(event.data).toMatchObject({
      message:
        "This timeline holds a user_message event that does not fit: content: expected string, received number; " +
        "author: expected object, received undefined; model: expected string, received undefined (and 1 more).",
    });
    expect(event.type === "error" && event.data.detail?.length).toBeLessThanOrEqual(2_001);
  });
});

describe("a timeline message as the browser reads it", () => {
  const envelope = { messageId: null, createdAt: "2026-12-01T00:00:00.000Z" };

  it("types each pushed event, shows one that does not fit as an error, and keeps announcements", () => {
    const message = parseTimelineMessage({
      events: [
        { seq: 1, type: "token", data: { partId: "p", text: "Hi" }, ...envelope },
        { seq: 2, type: "tool_call", data: { tool: "bash" }, ...envelope },
        { seq: 3, type: "tool_call", announced: true, ...envelope },
      ],
    });
    expect(message?.events).toEqual([
      { seq: 1, type: "token", data: { partId: "p", text: "Hi" }, ...envelope },
      {
        seq: 2,
        type: "error",
        data: expect.objectContaining({
          message: expect.stringMatching(/^This timeline holds a tool_call event that does not fit: /),
        }),
        ...envelope,
      },
      { seq: 3, type: "tool_call", announced: true, ...envelope },
    ]);
  });

  it("is refused whole when it is not a timeline message (the page fetches instead)", () => {
    expect(parseTimelineMessage({ events: [{ seq: "one", type: "token", data: {} }] })).toBeUndefined();
    expect(parseTimelineMessage("hello")).toBeUndefined();
  });
});
