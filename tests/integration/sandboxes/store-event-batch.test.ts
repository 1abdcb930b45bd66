// A bridge's batch is stored whole even when some of its events do not fit their schema: each of
// those is kept, in its place, as an error event that says what arrived and what was wrong; the
// others are stored and take effect as always; the batch is acknowledged, so the bridge moves on.
import { describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { getDb } from "@/server/db";
import { storeEventBatch } from "@/server/sandboxes/bridge-service";
import { createSessionFor, createUser, randomKey } from "../../factories";

async function runningPrompt() {
  const ada = await createUser({ name: "Ada" });
  const session = await createSessionFor(ada);
  const db = getDb();
  const sandbox = await db.sandbox.create({
    data: {
      sessionId: session.id,
      provider: "local",
      status: "ready",
      bootMode: "fresh",
      tokenHash: `batch-${randomKey()}`,
      lastHeartbeatAt: new Date(),
    },
  });
  const message = await db.message.create({
    data: {
      sessionId: session.id,
      authorId: ada.id,
      source: "api",
      content: "Fix the flaky test",
      clientRequestId: randomKey(),
      status: "processing",
      startedAt: new Date(),
      sandboxId: sandbox.id,
    },
  });
  await db.session.update({ where: { id: session.id }, data: { status: "active" } });
  return { ada, session, sandbox: { id: sandbox.id, sessionId: session.id }, messageId: message.id };
}

const tokens = { input: 10, output: 5, reasoning: 0, cacheRead: 0, cacheWrite: 0 };

describe("storing a bridge's batch", () => {
  it("keeps events that do not fit as error events in their place, and applies the others", async () => {
    const { ada, session, sandbox, messageId } = await runningPrompt();
    const author = { name: "Ada", email: "ada@example.com" };

    const reply = await storeEventBatch(sandbox, {
      batch: 1,
      events: [
        {
          type: "user_message",
          data: { content: "Fix it", author, model: "custom/fake-coder", reasoningEffort: null },
          messageId,
        },
        { type: "token", data: { partId: "p1", text: "Looking at it." }, messageId },
        { type: "tool_call", data: { callId: "c1", tool: "bash", status: "exploded", input: {} }, messageId },
        { type: "confetti", data: { colour: "gold" }, messageId },
        { type: "step_finish", data: { tokens, cost: "a lot" }, messageId },
        { type: "step_finish", data: { tokens, cost: 0.25 }, messageId },
        { type: "session_title", data: { title: "Fix the flaky test" }, messageId },
        { type: "execution_complete", data: { success: true }, messageId },
      ],
    });
    expect(reply).toEqual({ lastBatch: 1 });

    const page = await createCaller({ user: ada }).session.events({ sessionId: session.id, afterSeq: 0 });
    expect(page.events.map((event) => [event.seq, event.type])).toEqual([
      [1, "user_message"],
      [2, "token"],
      [3, "error"],
      [4, "error"],
      [5, "error"],
      [6, "step_finish"],
      [7, "session_title"],
      [8, "execution_complete"],
    ]);
    expect(page.events.map((event) => event.messageId)).toEqual(Array(8).fill(messageId));
    expect(page.events.slice(2, 5).map((event) => event.data)).toEqual([
      {
        message:
          'The sandbox sent a tool_call event that does not fit: status: expected one of "pending"|"running"|"completed"|"error".',
        detail: JSON.stringify({ callId: "c1", tool: "bash", status: "exploded", input: {} }),
      },
      {
        message: 'The sandbox sent an event of a type it may not send: "confetti".',
        detail: expect.stringContaining('"colour":"gold"'),
      },
      {
        message: "The sandbox sent a step_finish event that does not fit: cost: expected number, received string.",
        detail: expect.stringContaining('"cost":"a lot"'),
      },
    ]);

    // The good events took effect. The cost is what the model gateway counted (nothing here), not
    // what the sandbox says in its step_finish events, fitting or not.
    const after = await getDb().session.findUniqueOrThrow({
      where: { id: session.id },
      select: { title: true, status: true, totalCostUsd: true, lastEventSeq: true },
    });
    expect(after).toMatchObject({ title: "Fix the flaky test", status: "completed", lastEventSeq: 8 });
    expect(after.totalCostUsd.toNumber()).toBe(0);
    const prompt = await getDb().message.findUniqueOrThrow({ where: { id: messageId }, select: { status: true } });
    expect(prompt.status).toBe("completed");
  });

  it("does not take from a sandbox the events only the control plane writes, nor what is not an event", async () => {
    const { ada, session, sandbox } = await runningPrompt();
    await storeEventBatch(sandbox, {
      batch: 1,
      events: [
        {
          type: "pull_request",
          data: { action: "created", number: 1, url: "https://example.com/pr/1", title: "Mine", onGithub: true },
        },
        "hello",
        { type: "warning", data: { message: "still here" } },
      ],
    });
    const page = await createCaller({ user: ada }).session.events({ sessionId: session.id, afterSeq: 0 });
    const said = page.events.map((event) =>
      event.type === "error" || event.type === "warning" ? [event.seq, event.type, event.data.message] : event,
    );
    expect(said).toEqual([
      [1, "error", 'The sandbox sent an event of a type it may not send: "pull_request".'],
      [2, "error", "The sandbox sent something that is not an event: expected object, received string."],
      [3, "warning", "still here"],
    ]);
    const artifacts = await getDb().artifact.count({ where: { sessionId: session.id } });
    expect(artifacts).toBe(0);
  });
});
