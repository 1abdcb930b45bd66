// Suspended sandboxes on the local provider, with the real bridge and OpenCode: an idle sandbox is
// held still instead of stopped, and the next prompt — or someone typing — resumes it where it
// was (the same sandbox, no boot, the same conversation); beyond the limit or after an hour the
// longest suspended is stopped, and one whose processes are gone is stopped at the next prompt,
// which restores the snapshot taken before it was suspended.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { stopSuspendedSandboxes } from "@/server/sandboxes/suspend-sandboxes";
import { declareLostSandboxes, stopIdleSandboxes } from "@/server/sandboxes/watch-sandboxes";
import { claimWarmSandbox } from "@/server/sessions/warm-sandbox";
import { bubblewrap, needs } from "../../support/requirements";
import { killSandbox, sandboxPid, sandboxProcessCount } from "../../support/sandbox-processes";
import { newLoopSession, sendPrompt, timelineOf, waitForMessage, withSessionLoop } from "../../support/session-loop";

const loop = withSessionLoop();
const HOUR = 3_600_000;

async function prompt(sessionId: string, userId: string, content: string, reply: string) {
  loop.model.script([{ text: reply }]);
  const message = await sendPrompt(sessionId, userId, content);
  expect(await waitForMessage(message.id, ["completed", "failed"])).toMatchObject({ status: "completed" });
  return getDb().message.findUniqueOrThrow({ where: { id: message.id } });
}

/**
 * Waits for the snapshot taken after the prompt: its sandbox is held still while it is copied,
 * and running again once the snapshot is recorded.
 */
async function savedAfter(message: { id: string; sandboxId: string | null }) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const saved = await getDb().sandboxSnapshot.count({
      where: { sandboxId: message.sandboxId!, reason: "prompt", createdAt: { gte: (await finishedAt(message.id))! } },
    });
    if (saved > 0) return;
    if (Date.now() > deadline) throw new Error(`no snapshot after prompt ${message.id}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const finishedAt = async (messageId: string) =>
  (await getDb().message.findUniqueOrThrow({ where: { id: messageId } })).finishedAt;

/** A session whose first prompt ran, its sandbox saved after it (as every prompt's is). */
async function sessionWithOnePrompt(content = "Remember the code word: tangerine-42.") {
  const { user, session } = await newLoopSession();
  const first = await prompt(session.id, user.id, content, "Noted.");
  await savedAfter(first);
  return { user, session, sandboxId: first.sandboxId! };
}

/** A process's state letter in /proc: T when stopped. */
const processState = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
};

const sandboxRow = (id: string) => getDb().sandbox.findUniqueOrThrow({ where: { id } });

describe("suspended sandboxes", () => {
  it(
    "suspends an idle sandbox and resumes it for the next prompt: the same sandbox, no boot, the same conversation",
    { timeout: 180_000 },
    async (context) => {
      needs(context, bubblewrap);
      const { user, session, sandboxId } = await sessionWithOnePrompt();

      expect(await stopIdleSandboxes(new Date(Date.now() + HOUR), getDb(), { suspendedLimit: 4 })).toEqual([sandboxId]);
      expect(await sandboxRow(sandboxId)).toMatchObject({ status: "suspended", stoppedAt: null });
      // Its processes are held still, not ended.
      expect(processState(sandboxPid(sandboxId, "opencode"))).toBe("T");
      expect(processState(sandboxPid(sandboxId, "bridge.mjs"))).toBe("T");
      // Silent by design: not declared lost, however long it stays so.
      expect(await declareLostSandboxes(new Date(Date.now() + 2 * HOUR))).toEqual([]);

      const before = await timelineOf(session.id);
      const requestsBefore = loop.model.requests.length;
      const second = await prompt(session.id, user.id, "What was the code word?", "It was tangerine-42.");
      expect(second.sandboxId).toBe(sandboxId);
      expect(await getDb().sandbox.count({ where: { sessionId: session.id } })).toBe(1);
      expect(await sandboxRow(sandboxId)).toMatchObject({ status: "ready", suspendedAt: null });
      await savedAfter(second);
      expect(processState(sandboxPid(sandboxId, "opencode"))).not.toBe("T");

      const after = (await timelineOf(session.id)).slice(before.length);
      expect(before.at(-1)).toMatchObject({
        type: "sandbox_status",
        data: { status: "suspended", reason: expect.stringContaining("idle for 10 minutes") },
      });
      expect(after.filter((event) => event.type === "sandbox_status").map((event) => event.data)).toEqual([
        { status: "ready", resumed: true },
      ]);
      expect(after.filter((event) => event.type === "boot_phase")).toEqual([]);

      const asked = loop.model.requests.slice(requestsBefore).filter((request) => !request.isTitleRequest);
      const conversation = JSON.stringify(asked.at(-1)?.messages);
      expect(conversation).toContain("Remember the code word: tangerine-42.");
      expect(conversation).toContain("What was the code word?");
    },
  );

  it("resumes a suspended sandbox when someone starts typing", { timeout: 180_000 }, async (context) => {
    needs(context, bubblewrap);
    const { session, sandboxId } = await sessionWithOnePrompt();
    await stopIdleSandboxes(new Date(Date.now() + HOUR), getDb(), { suspendedLimit: 4 });
    expect(await sandboxRow(sandboxId)).toMatchObject({ status: "suspended" });

    expect(await claimWarmSandbox(session.id)).toEqual({ state: "live", sandboxId });
    expect(await sandboxRow(sandboxId)).toMatchObject({ status: "ready" });
    expect(processState(sandboxPid(sandboxId, "opencode"))).not.toBe("T");
    // It beats again, as any running sandbox.
    const resumedAt = (await sandboxRow(sandboxId)).lastHeartbeatAt!;
    const deadline = Date.now() + 30_000;
    while ((await sandboxRow(sandboxId)).lastHeartbeatAt! <= resumedAt) {
      if (Date.now() > deadline) throw new Error("no heartbeat after the sandbox resumed");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });

  it(
    "stops the longest suspended beyond the limit, and those suspended for an hour; their next prompt restores the snapshot",
    { timeout: 240_000 },
    async (context) => {
      needs(context, bubblewrap);
      // The earlier tests' sandboxes out of the way: only this test's two are suspended.
      await stopIdleSandboxes(new Date(Date.now() + HOUR), getDb(), { suspendedLimit: 0 });
      await stopSuspendedSandboxes(0);
      const older = await sessionWithOnePrompt();
      await stopIdleSandboxes(new Date(Date.now() + HOUR), getDb(), { suspendedLimit: 2 });
      const newer = await sessionWithOnePrompt();
      await stopIdleSandboxes(new Date(Date.now() + HOUR), getDb(), { suspendedLimit: 2 });
      expect(await sandboxRow(older.sandboxId)).toMatchObject({ status: "suspended" });
      expect(await sandboxRow(newer.sandboxId)).toMatchObject({ status: "suspended" });

      expect(await stopSuspendedSandboxes(1)).toEqual([older.sandboxId]);
      expect(await sandboxRow(older.sandboxId)).toMatchObject({ status: "stopped" });
      expect(sandboxProcessCount(older.sandboxId)).toBe(0);
      expect(await sandboxRow(newer.sandboxId)).toMatchObject({ status: "suspended" });
      expect((await timelineOf(older.session.id)).at(-1)?.data).toEqual({
        status: "stopped",
        reason: "room was needed for sandboxes suspended since (1 at most); its snapshot holds its state",
      });

      // An hour on, the newer one goes too.
      expect(await stopSuspendedSandboxes(4, new Date(Date.now() + HOUR + 60_000))).toEqual([newer.sandboxId]);
      expect(sandboxProcessCount(newer.sandboxId)).toBe(0);

      const followUp = await prompt(older.session.id, older.user.id, "And now?", "Still here.");
      expect(followUp.sandboxId).not.toBe(older.sandboxId);
      expect(await sandboxRow(followUp.sandboxId!)).toMatchObject({ bootMode: "snapshot_restore" });
    },
  );

  it(
    "stops a suspended sandbox whose processes are gone at the next prompt, which restores its snapshot",
    { timeout: 180_000 },
    async (context) => {
      needs(context, bubblewrap);
      const { user, session, sandboxId } = await sessionWithOnePrompt();
      await stopIdleSandboxes(new Date(Date.now() + HOUR), getDb(), { suspendedLimit: 4 });
      expect(killSandbox(sandboxId)).toBeGreaterThan(0); // As a restart of the server would.

      const next = await prompt(session.id, user.id, "Still there?", "Back from the snapshot.");
      expect(next.sandboxId).not.toBe(sandboxId);
      expect(await sandboxRow(sandboxId)).toMatchObject({ status: "stopped" });
      expect(await sandboxRow(next.sandboxId!)).toMatchObject({ bootMode: "snapshot_restore" });
      expect((await timelineOf(session.id)).map((event) => event.data)).toContainEqual({
        status: "stopped",
        reason: "its processes were gone, as after a restart of the server",
      });
    },
  );
});
