// The Vercel Sandbox provider with the real @vercel/sandbox SDK against the fake of Vercel's API
// (tests/fixtures/vercel), the real bridge and OpenCode running as its sandboxes' commands: a
// prompt runs in a sandbox made from the base snapshot, the bridge written in at creation; an idle
// stop's snapshot ends the sandbox, which is stopped at once (never ready again), and the next
// prompt restores from it with the agent's memory; timeouts are extended while a sandbox works,
// never past the plan's maximum; the API rate-limiting is waited out, and failing says why.
import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { extendSandboxTimeouts } from "@/server/sandboxes/extend-timeouts";
import { stopIdleSandboxes } from "@/server/sandboxes/watch-sandboxes";
import { sendPrompt, newLoopSession, waitForMessage, withSessionLoop } from "../../support/session-loop";
import { withFakeVercel } from "../../support/vercel";

const vercel = withFakeVercel();
const loop = withSessionLoop();

async function prompt(sessionId: string, userId: string, content: string, reply: string) {
  loop.model.script([{ text: reply }]);
  const message = await sendPrompt(sessionId, userId, content);
  return waitForMessage(message.id, ["completed", "failed"]);
}

/** Completed, or the reason it was not. */
const expectCompleted = (message: { status: string; error: string | null }) =>
  expect({ status: message.status, error: message.error }).toEqual({ status: "completed", error: null });

const stateOf = (providerId: string | null) => vercel.api.sandboxes().find((sandbox) => sandbox.name === providerId);

describe("the Vercel Sandbox provider", () => {
  it(
    "runs prompts in a sandbox from the base snapshot; an idle stop's snapshot ends it, and the next prompt restores it",
    { timeout: 180_000 },
    async () => {
      const { user, session } = await newLoopSession();
      const first = await prompt(session.id, user.id, "Remember the code word: persimmon-7.", "Noted.");
      expectCompleted(first);
      const sandbox = await getDb().sandbox.findUniqueOrThrow({ where: { id: first.sandboxId! } });
      expect(sandbox).toMatchObject({ provider: "vercel", providerId: `nightshift-${sandbox.id}`, bootMode: "fresh" });
      expect(sandbox.expiresAt!.getTime()).toBeGreaterThan(Date.now());
      expect(stateOf(sandbox.providerId)).toMatchObject({ status: "running", networkPolicy: { mode: "allow-all" } });
      // No snapshot after the prompt: on Vercel one would end the sandbox.
      expect(await getDb().sandboxSnapshot.count({ where: { sandboxId: sandbox.id } })).toBe(0);

      // Idle: the snapshot ends the sandbox, and its row says stopped, not ready.
      expect(await stopIdleSandboxes(new Date(Date.now() + 3_600_000))).toEqual([sandbox.id]);
      const saved = await getDb().sandboxSnapshot.findFirstOrThrow({ where: { sandboxId: sandbox.id } });
      expect(saved).toMatchObject({ provider: "vercel", reason: "idle", status: "ready" });
      expect(await getDb().sandbox.findUniqueOrThrow({ where: { id: sandbox.id } })).toMatchObject({
        status: "stopped",
      });
      expect(stateOf(sandbox.providerId)?.status ?? "gone").not.toBe("running");
      expect(
        await getDb().sandbox.count({ where: { sessionId: session.id, status: { in: ["ready", "running"] } } }),
      ).toBe(0);

      const requestsBefore = loop.model.requests.length;
      const second = await prompt(session.id, user.id, "What was the code word?", "It was persimmon-7.");
      expectCompleted(second);
      const restored = await getDb().sandbox.findUniqueOrThrow({ where: { id: second.sandboxId! } });
      expect(restored).toMatchObject({ bootMode: "snapshot_restore", restoredFromId: saved.id });
      // The agent's conversation came with the snapshot: the first prompt is in what the model saw.
      const asked = loop.model.requests.slice(requestsBefore).find((request) => !request.isTitleRequest);
      expect(JSON.stringify(asked?.messages)).toContain("persimmon-7");
    },
  );

  it("extends a working sandbox's timeout, never past the plan's maximum", { timeout: 120_000 }, async () => {
    const { user, session } = await newLoopSession();
    const done = await prompt(session.id, user.id, "Hello.", "Hi.");
    const sandbox = await getDb().sandbox.findUniqueOrThrow({ where: { id: done.sandboxId! } });
    const before = stateOf(sandbox.providerId)!.timeout;
    // A long prompt, eleven minutes in: its sandbox ends within five minutes, so it is extended.
    await getDb().sandbox.update({ where: { id: sandbox.id }, data: { status: "running" } });
    const later = new Date(Date.now() + 11 * 60_000);
    expect(await extendSandboxTimeouts(later)).toContain(sandbox.id);
    expect(stateOf(sandbox.providerId)!.timeout).toBeGreaterThan(before);
    const extended = await getDb().sandbox.findUniqueOrThrow({ where: { id: sandbox.id } });
    expect(extended.expiresAt!.getTime()).toBeGreaterThan(sandbox.expiresAt!.getTime());
    // Idle that long, it is not: the idle sweep stops it instead.
    await getDb().sandbox.update({ where: { id: sandbox.id }, data: { status: "ready" } });
    expect(await extendSandboxTimeouts(new Date(Date.now() + 20 * 60_000))).not.toContain(sandbox.id);
    await getDb().sandbox.update({ where: { id: sandbox.id }, data: { status: "running" } });
    // Past the plan's 45 minutes nothing is extended.
    expect(await extendSandboxTimeouts(new Date(sandbox.createdAt.getTime() + 46 * 60_000))).not.toContain(sandbox.id);
  });

  it("waits out Vercel's rate limiting, and says why when its API fails", { timeout: 120_000 }, async () => {
    const { user, session } = await newLoopSession();
    vercel.api.failNext(1, { status: 429, retryAfterSeconds: 1 });
    expectCompleted(await prompt(session.id, user.id, "Hello.", "Hi."));

    const other = await newLoopSession();
    vercel.api.failNext(20, { status: 500 });
    const failed = await prompt(other.session.id, other.user.id, "Hello.", "Hi.");
    vercel.api.failNext(0);
    expect(failed).toMatchObject({ status: "failed", error: expect.stringContaining("sandbox failed to start") });
  });
});
