// What goes wrong between a sandbox and the control plane: the bridge dies mid-prompt (the
// prompt fails as "sandbox lost", the next prompt gets a new sandbox), and the control plane's
// event endpoint fails for 10 s mid-stream (nothing is lost and nothing doubled).
import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { HEARTBEAT_TIMEOUT_MS } from "@/server/sandboxes/sandbox-status";
import { declareLostSandboxes } from "@/server/sandboxes/watch-sandboxes";
import {
  newLoopSession,
  sendPrompt,
  withSessionLoop,
  timelineOf,
  waitForEvent,
  waitForMessage,
} from "../../support/session-loop";
import { sandboxPid } from "../../support/sandbox-processes";

const loop = withSessionLoop();

async function waitForSandbox(id: string, status: string) {
  for (
    const deadline = Date.now() + 30_000;
    Date.now() < deadline;
    await new Promise((resolve) => setTimeout(resolve, 200))
  ) {
    const sandbox = await getDb().sandbox.findUniqueOrThrow({ where: { id } });
    if (sandbox.status === status) return sandbox;
  }
  throw new Error(`sandbox ${id} did not become ${status}`);
}

const words = (count: number) => Array.from({ length: count }, (_, index) => `w${index}`).join(" ");

describe("a sandbox in trouble", () => {
  it(
    'fails the prompt of a killed bridge with "sandbox lost" once its heartbeat is overdue, and runs the next prompt in a new sandbox',
    { timeout: 200_000 },
    async () => {
      const { user, session } = await newLoopSession();
      loop.model.script([{ text: words(2000), chunkDelayMs: 50 }, { text: "Fresh sandbox, fine." }]);
      const doomed = await sendPrompt(session.id, user.id, "Talk for a long time");
      await waitForEvent(session.id, (event) => event.messageId === doomed.id && event.type === "token");
      const first = await getDb().sandbox.findFirstOrThrow({ where: { sessionId: session.id } });

      process.kill(sandboxPid(first.id, "bridge.mjs"), "SIGKILL");
      // The minute-by-minute sweep, run as it will run once the heartbeat has been silent for the
      // whole timeout (the schedule itself: tests/integration/jobs/job-definitions-inngest.test.ts).
      expect(await declareLostSandboxes(new Date(Date.now() + HEARTBEAT_TIMEOUT_MS + 1_000))).toEqual([first.id]);
      const lost = await waitForMessage(doomed.id, ["completed", "failed"]);
      expect(lost).toMatchObject({ status: "failed", error: "sandbox lost" });
      expect(await getDb().sandbox.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ status: "failed" });

      const next = await sendPrompt(session.id, user.id, "Try again");
      expect(await waitForMessage(next.id, ["completed", "failed"])).toMatchObject({ status: "completed" });
      const sandboxes = await getDb().sandbox.findMany({
        where: { sessionId: session.id },
        orderBy: { createdAt: "asc" },
      });
      expect(sandboxes.map((sandbox) => sandbox.status)).toEqual(["failed", "ready"]);
      expect((await getDb().message.findUniqueOrThrow({ where: { id: next.id } })).sandboxId).toBe(sandboxes[1]!.id);

      const events = await timelineOf(session.id);
      expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
      expect(
        events.filter((event) => event.type === "execution_complete").map((event) => [event.messageId, event.data]),
      ).toEqual([
        [doomed.id, { success: false, reason: "sandbox lost" }],
        [next.id, { success: true }],
      ]);
    },
  );

  it(
    "fails the sandbox when OpenCode dies mid-prompt, and runs the next prompt in a new sandbox",
    { timeout: 120_000 },
    async () => {
      const { user, session } = await newLoopSession();
      loop.model.script([{ text: words(2000), chunkDelayMs: 50 }, { text: "Fresh agent, fine." }]);
      const doomed = await sendPrompt(session.id, user.id, "Talk for a long time");
      await waitForEvent(session.id, (event) => event.messageId === doomed.id && event.type === "token");
      const first = await getDb().sandbox.findFirstOrThrow({ where: { sessionId: session.id } });

      process.kill(sandboxPid(first.id, "opencode"), "SIGKILL");
      expect(await waitForMessage(doomed.id, ["completed", "failed"], 30_000)).toMatchObject({
        status: "failed",
        error: "the agent (OpenCode) stopped unexpectedly",
      });
      const failed = await waitForSandbox(first.id, "failed");
      // Killed is the process serving OpenCode's API (which may be a child of the binary the bridge started).
      expect(failed.error).toMatch(
        /^The agent \(OpenCode\) stopped (unexpectedly with exit code \d+|answering for 5 s)\.$/,
      );

      const next = await sendPrompt(session.id, user.id, "Try again");
      expect(await waitForMessage(next.id, ["completed", "failed"])).toMatchObject({ status: "completed" });
      expect(await getDb().sandbox.count({ where: { sessionId: session.id } })).toBe(2);
    },
  );

  it("loses and doubles nothing while the event endpoint fails for 10 s mid-stream", { timeout: 120_000 }, async () => {
    const { user, session } = await newLoopSession();
    const answer = words(300);
    loop.model.script([
      { toolCalls: [{ name: "bash", arguments: { command: "echo checking", description: "Check" } }] },
      { text: answer, chunkDelayMs: 40 },
    ]);
    const message = await sendPrompt(session.id, user.id, "Check, then talk");
    await waitForEvent(session.id, (event) => event.messageId === message.id && event.type === "token");
    const refusedBefore = loop.refusedEventBatches();
    loop.failEventsUntil(Date.now() + 10_000);

    expect(await waitForMessage(message.id, ["completed", "failed"])).toMatchObject({ status: "completed" });
    expect(loop.refusedEventBatches() - refusedBefore).toBeGreaterThan(0);

    const events = await timelineOf(session.id);
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    const ofPrompt = events.filter((event) => event.messageId === message.id);
    const text = ofPrompt
      .filter((event) => event.type === "token")
      .map((event) => (event.data as { text: string }).text)
      .join("");
    expect(text).toBe(answer);
    const count = (type: string) => ofPrompt.filter((event) => event.type === type).length;
    expect(count("user_message")).toBe(1);
    expect(count("execution_complete")).toBe(1);
    const bash = ofPrompt
      .filter((event) => event.type === "tool_call")
      .map((event) => (event.data as { status: string }).status);
    expect(new Set(bash).size).toBe(bash.length);
    expect(bash.at(-1)).toBe("completed");
  });
});
