// Nothing much lost when a sandbox dies: while a prompt runs, its sandbox is checkpointed (the
// watch job, every 15 s, as scheduled in the loop); when the whole sandbox is killed mid-prompt,
// the person is told what was saved and when, the next prompt restores the newest checkpoint, at
// most 60 s of work behind, and the agent is told what happened. Real bridge, OpenCode, bash.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { getEnv } from "@/server/env";
import { HEARTBEAT_TIMEOUT_MS } from "@/server/sandboxes/sandbox-status";
import { declareLostSandboxes } from "@/server/sandboxes/watch-sandboxes";
import { killSandbox } from "../../support/sandbox-processes";
import { newLoopSession, sendPrompt, timelineOf, waitForMessage, withSessionLoop } from "../../support/session-loop";

const loop = withSessionLoop();

const progressFile = (sandboxId: string) =>
  path.join(getEnv().sandboxes.dataDir, "sandboxes", sandboxId, "workspace", "repo", "progress.txt");

/** How far the counting got in a sandbox's workspace: one line a second. */
function counted(sandboxId: string): number {
  try {
    return readFileSync(progressFile(sandboxId), "utf8").trim().split("\n").filter(Boolean).length;
  } catch {
    return 0;
  }
}

describe("a sandbox that dies mid-prompt", () => {
  it(
    "loses at most 60 s of work: the next prompt continues from the checkpoint, and the agent is told",
    { timeout: 360_000 },
    async () => {
      const { user, session } = await newLoopSession();
      loop.model.script([
        {
          toolCalls: [
            {
              name: "bash",
              arguments: {
                command: "for i in $(seq 1 600); do echo $i >> progress.txt; sleep 1; done",
                description: "Count slowly",
                timeout: 900_000,
              },
            },
          ],
        },
      ]);
      const doomed = await sendPrompt(session.id, user.id, "Count to 600, one a second.");
      const { sandboxId } = await waitForMessage(doomed.id, ["processing"]);
      await expect.poll(() => counted(sandboxId!), { timeout: 200_000, interval: 1_000 }).toBeGreaterThanOrEqual(80);
      expect(
        await getDb().sandboxSnapshot.count({ where: { sandboxId: sandboxId!, reason: "checkpoint" } }),
      ).toBeGreaterThan(0);

      expect(killSandbox(sandboxId!)).toBeGreaterThan(0);
      const atDeath = counted(sandboxId!);
      expect(await declareLostSandboxes(new Date(Date.now() + HEARTBEAT_TIMEOUT_MS + 1_000))).toEqual([sandboxId]);
      expect(await waitForMessage(doomed.id, ["completed", "failed"])).toMatchObject({
        status: "failed",
        error: "sandbox lost",
      });
      const newest = await getDb().sandboxSnapshot.findFirstOrThrow({
        where: { sessionId: session.id, status: "ready" },
        orderBy: { createdAt: "desc" },
      });
      const told = (await timelineOf(session.id)).find(
        (event) => event.type === "error" && event.messageId === doomed.id,
      );
      expect((told?.data as { message: string }).message).toContain(
        `Its work as of ${newest.createdAt.toISOString().slice(11, 19)} UTC is saved (a checkpoint); the next prompt continues from there.`,
      );

      loop.model.script([{ text: "Picking up where the count stopped." }]);
      const requestsBefore = loop.model.requests.length;
      const next = await sendPrompt(session.id, user.id, "Carry on.");
      expect(await waitForMessage(next.id, ["completed", "failed"])).toMatchObject({ status: "completed" });
      const restored = await getDb().sandbox.findFirstOrThrow({
        where: { sessionId: session.id, id: { not: sandboxId! } },
      });
      expect(restored).toMatchObject({ bootMode: "snapshot_restore", restoredFromId: newest.id });
      const kept = counted(restored.id);
      expect(kept).toBeGreaterThan(0);
      expect(atDeath - kept).toBeLessThanOrEqual(60);

      // The agent reads what happened before the person's words; the person's prompt is unchanged.
      const asked = loop.model.requests.slice(requestsBefore).find((request) => !request.isTitleRequest);
      const conversation = JSON.stringify(asked?.messages);
      expect(conversation).toContain(
        "[Nightshift, not the person] The sandbox you were working in for this session failed",
      );
      expect(conversation).toContain("restored from a snapshot saved at");
      const shown = (await timelineOf(session.id)).find(
        (event) => event.type === "user_message" && event.messageId === next.id,
      );
      expect((shown?.data as { content: string }).content).toBe("Carry on.");
    },
  );
});
