// Nothing much lost when a Vercel sandbox dies mid-prompt. A Vercel snapshot would end the
// sandbox, so while a prompt runs its bridge pushes the work instead — the commits not pushed yet
// and the uncommitted changes — to the session's checkpoint ref; when the sandbox is lost, the
// person is told what was saved and when, the next sandbox restores it (the commits as commits,
// the rest uncommitted again), the agent is told, and the ref is gone once the branch holds the work.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { HEARTBEAT_TIMEOUT_MS } from "@/server/sandboxes/sandbox-status";
import { checkpointRunningSandboxes } from "@/server/sandboxes/snapshots/checkpoints";
import { declareLostSandboxes } from "@/server/sandboxes/watch-sandboxes";
import { git } from "../../factories";
import { killSandbox } from "../../support/sandbox-processes";
import { newLoopSession, sendPrompt, timelineOf, waitForMessage, withSessionLoop } from "../../support/session-loop";
import { withFakeVercel } from "../../support/vercel";

const vercel = withFakeVercel();
const loop = withSessionLoop();

/** How far the counting got in the sandbox's workspace (one line a second); 0 before it starts. */
function counted(providerId: string): number {
  const sandbox = vercel.api.sandboxes().find((candidate) => candidate.name === providerId);
  try {
    return readFileSync(path.join(sandbox!.workDir, "workspace", "repo", "progress.txt"), "utf8")
      .split("\n")
      .filter(Boolean).length;
  } catch {
    return 0;
  }
}

describe("a Vercel sandbox that dies mid-prompt", () => {
  it(
    "keeps the work of its last checkpoint: the next sandbox restores it, and the agent is told",
    { timeout: 240_000 },
    async () => {
      const { user, session, repository } = await newLoopSession();
      const { externalId: origin } = await getDb().repository.findUniqueOrThrow({ where: { id: repository.id } });
      loop.model.script([
        {
          toolCalls: [
            {
              name: "bash",
              arguments: {
                command:
                  "printf 'one\\n' > a.txt && git add a.txt && git commit -q -m 'Add a' && printf 'draft\\n' > notes.txt && for i in $(seq 1 600); do echo $i >> progress.txt; sleep 1; done",
                description: "Commit, draft, then count slowly",
                timeout: 900_000,
              },
            },
          ],
        },
      ]);
      const doomed = await sendPrompt(session.id, user.id, "Add a, draft notes, then count to 600.");
      const { sandboxId } = await waitForMessage(doomed.id, ["processing"]);
      const providerId = `nightshift-${sandboxId}`;
      await expect.poll(() => counted(providerId), { timeout: 90_000, interval: 500 }).toBeGreaterThanOrEqual(3);

      // The watch job's checkpoint round, as if the prompt had run a minute: the bridge is asked
      // once (not again while that request waits), and saves.
      const aMinuteOn = new Date(Date.now() + 60_000);
      expect(await checkpointRunningSandboxes(aMinuteOn)).toEqual([sandboxId]);
      const sandboxRow = () => getDb().sandbox.findUniqueOrThrow({ where: { id: sandboxId! } });
      await expect
        .poll(async () => (await sandboxRow()).checkpointCommit, { timeout: 60_000, interval: 500 })
        .toMatch(/^[0-9a-f]{40}$/);
      const saved = await sandboxRow();
      // The checkpoint is on the origin, beside the branch: the commit, with the draft uncommitted on top.
      const ref = `refs/nightshift/checkpoints/${session.id}`;
      expect(git(origin, "rev-parse", ref)).toBe(saved.checkpointCommit);
      expect(git(origin, "show", `${ref}:notes.txt`)).toBe("draft");
      expect(git(origin, "log", "-1", "--format=%s", `${ref}^`)).toBe("Add a");

      const atDeath = counted(providerId);
      expect(killSandbox(sandboxId!)).toBeGreaterThan(0);
      expect(await declareLostSandboxes(new Date(Date.now() + HEARTBEAT_TIMEOUT_MS + 1_000))).toEqual([sandboxId]);
      expect(await waitForMessage(doomed.id, ["completed", "failed"])).toMatchObject({ status: "failed" });
      const told = (await timelineOf(session.id)).find(
        (event) => event.type === "error" && event.messageId === doomed.id,
      );
      expect((told?.data as { message: string }).message).toContain(
        `Its work as of ${saved.checkpointedAt!.toISOString().slice(11, 19)} UTC is saved (a checkpoint of its commits and uncommitted changes); the next prompt continues from there.`,
      );

      loop.model.script([{ text: "Picking up from the checkpoint." }]);
      const requestsBefore = loop.model.requests.length;
      const next = await sendPrompt(session.id, user.id, "Carry on.");
      expect(await waitForMessage(next.id, ["completed", "failed"], 120_000)).toMatchObject({ status: "completed" });
      const { sandboxId: replacementId } = await getDb().message.findUniqueOrThrow({ where: { id: next.id } });
      expect(replacementId).not.toBe(sandboxId);

      // The agent was told, before the person's words, what it starts from.
      const asked = loop.model.requests.slice(requestsBefore).find((request) => !request.isTitleRequest);
      expect(JSON.stringify(asked?.messages)).toContain("restored from a checkpoint saved at");

      // The restored work went on to the branch at the end of the prompt: the commit as it was,
      // the draft and the count as far as the checkpoint (committed now, as leftovers are).
      const branch = `nightshift/${session.id}`;
      expect(git(origin, "log", "--format=%s", branch)).toContain("Add a");
      expect(git(origin, "show", `${branch}:notes.txt`)).toBe("draft");
      const kept = git(origin, "show", `${branch}:progress.txt`).split("\n").length;
      expect(kept).toBeGreaterThan(0);
      expect(atDeath - kept).toBeLessThanOrEqual(60);
      // And the checkpoint, stale now, is gone from the origin and from the sandbox's row.
      expect(git(origin, "for-each-ref", "refs/nightshift")).toBe("");
      expect(await getDb().sandbox.findUniqueOrThrow({ where: { id: replacementId! } })).toMatchObject({
        checkpointCommit: null,
      });
    },
  );
});
