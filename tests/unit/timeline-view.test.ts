// What the session page shows for a timeline: one row per text part and per tool call, kept up
// to date as their events arrive; boot phases as progress; prompts with their authors.
import { describe, expect, it } from "vitest";
import type { TimelineEntry } from "@/lib/sessions/timeline-sync";
import { timelineRows } from "@/lib/sessions/timeline-view";
import { fitStoredEvent } from "@/server/events/fit-event";

let seq = 0;
/** A stored row as the page gets it: typed, or an error event in its place when it does not fit. */
const entry = (type: string, data: unknown, messageId: string | null = "m1"): TimelineEntry => ({
  seq: ++seq,
  messageId,
  createdAt: new Date(0).toISOString(),
  ...fitStoredEvent({ type, data }),
});
const tokens = { input: 10, output: 5, reasoning: 0, cacheRead: 0, cacheWrite: 0 };

describe("the session page's rows", () => {
  it("shows a prompt with its author, its streamed text as one row, and each tool call once with its latest status", () => {
    const rows = timelineRows([
      entry("boot_phase", { phase: "cloning", status: "started" }, null),
      entry("boot_phase", { phase: "cloning", status: "finished", durationMs: 1200 }, null),
      entry("sandbox_status", { status: "ready" }, null),
      entry("user_message", {
        content: "Fix it",
        author: { name: "Ada", email: "ada@example.com" },
        model: "custom/fake-coder",
        reasoningEffort: null,
      }),
      entry("token", { partId: "p1", text: "Looking " }),
      entry("tool_call", { callId: "c1", tool: "bash", status: "pending", input: {} }),
      entry("token", { partId: "p1", text: "at it." }),
      entry("tool_call", {
        callId: "c1",
        tool: "bash",
        status: "completed",
        title: "Run tests",
        input: { command: "npm test" },
        output: "ok",
      }),
      entry("step_finish", { tokens, cost: 0.01 }),
      entry("execution_complete", { success: true }),
    ]);
    expect(rows.map((row) => row.kind)).toEqual(["boot", "sandbox", "prompt", "text", "tool", "step", "end"]);
    expect(rows[0]).toMatchObject({ kind: "boot", phase: "cloning", status: "finished", durationMs: 1200 });
    expect(rows[2]).toMatchObject({
      kind: "prompt",
      content: "Fix it",
      author: { name: "Ada" },
      model: "custom/fake-coder",
    });
    expect(rows[3]).toMatchObject({ kind: "text", text: "Looking at it." });
    expect(rows[4]).toMatchObject({
      kind: "tool",
      tool: "bash",
      status: "completed",
      title: "Run tests",
      output: "ok",
    });
    expect(rows[6]).toMatchObject({ kind: "end", success: true });
  });

  it("gives a later sandbox's boot rows of its own, and shows failures in words", () => {
    const rows = timelineRows([
      entry("boot_phase", { phase: "start", status: "failed" }, null),
      entry("sandbox_status", { status: "failed", error: "start.sh failed" }, null),
      entry("boot_phase", { phase: "start", status: "finished", durationMs: 10 }, null),
      entry("warning", { message: "setup.sh failed", detail: "npm ERR!" }),
      entry("execution_complete", { success: false, reason: "stopped by Ada" }),
    ]);
    expect(rows.map((row) => row.kind)).toEqual(["boot", "sandbox", "boot", "notice", "end"]);
    expect(rows[0]).toMatchObject({ status: "failed" });
    expect(rows[1]).toMatchObject({ status: "failed", detail: "start.sh failed" });
    expect(rows[3]).toMatchObject({ level: "warning", message: "setup.sh failed", detail: "npm ERR!" });
    expect(rows[4]).toMatchObject({ success: false, reason: "stopped by Ada" });
  });

  it("says when an idle sandbox was suspended and when it resumed where it was", () => {
    const rows = timelineRows([
      entry("sandbox_status", { status: "suspended", reason: "idle for 10 minutes" }, null),
      entry("sandbox_status", { status: "ready", resumed: true }, null),
      entry("sandbox_status", { status: "ready" }, null),
    ]);
    expect(rows).toMatchObject([
      { kind: "sandbox", status: "suspended", detail: "idle for 10 minutes" },
      { kind: "sandbox", status: "ready", detail: "resumed where it was" },
      { kind: "sandbox", status: "ready", detail: null },
    ]);
  });

  it("shows an event that does not fit as an error saying what arrived, and goes on with the rest", () => {
    const rows = timelineRows([
      entry("tool_call", { callId: "c1", tool: "bash", status: "exploded", input: {} }),
      entry("confetti", { colour: "gold" }),
      entry("token", { partId: "p1", text: "Still here." }),
    ]);
    expect(rows.map((row) => row.kind)).toEqual(["notice", "notice", "text"]);
    expect(rows[0]).toMatchObject({
      kind: "notice",
      level: "error",
      message: expect.stringMatching(
        /^This timeline holds a tool_call event that does not fit: status: expected one of "pending"\|"running"\|"completed"\|"error"\.$/,
      ),
      detail: expect.stringContaining('"exploded"'),
    });
    expect(rows[1]).toMatchObject({
      level: "error",
      message: 'This timeline holds an event of a type Nightshift does not know: "confetti".',
    });
    expect(rows[2]).toMatchObject({ kind: "text", text: "Still here." });
  });
});
