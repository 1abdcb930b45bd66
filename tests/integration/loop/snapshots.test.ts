// Snapshots on the local provider, with the real bridge and OpenCode: a follow-up prompt after the
// sandbox stopped restores the session's snapshot (no clone, no setup.sh, start.sh ran, what
// setup installed still there, and the agent remembers the first prompt's conversation); a
// snapshot made by another runtime is retired and the sandbox boots fresh; a snapshot whose files
// are gone is retired too; a session keeps its newest three.
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { getEnv } from "@/server/env";
import { addLocalRepository } from "@/server/repositories/add-local-repository";
import { stopIdleSandboxes } from "@/server/sandboxes/watch-sandboxes";
import { createSession } from "@/server/sessions/create-session";
import { asActor, createGitRepository, createUser } from "../../factories";
import { sendPrompt, timelineOf, waitForMessage, withSessionLoop } from "../../support/session-loop";

const loop = withSessionLoop();

const REPOSITORY = {
  ".gitignore": "deps/\n.setup-runs\n.start-runs\n",
  // What a real setup.sh does: install dependencies the repository does not hold.
  ".nightshift/setup.sh": "echo setup >> .setup-runs\nmkdir -p deps && echo 'left-pad 1.3.0' > deps/installed.txt\n",
  ".nightshift/start.sh": "echo start >> .start-runs\n",
};

async function newSession() {
  const user = await createUser();
  const repository = await addLocalRepository({
    path: await createGitRepository({ files: REPOSITORY }),
    actor: asActor(user),
  });
  const session = await createSession({ repositoryId: repository.id, actor: asActor(user) });
  return { user, session };
}

async function prompt(sessionId: string, userId: string, content: string, reply: string) {
  loop.model.script([{ text: reply }]);
  const message = await sendPrompt(sessionId, userId, content);
  expect(await waitForMessage(message.id, ["completed", "failed"])).toMatchObject({ status: "completed" });
  return message;
}

/** The prompt's sandbox, once its snapshot after the prompt is recorded. */
async function sandboxSavedAfter(messageId: string) {
  const { sandboxId } = await getDb().message.findUniqueOrThrow({ where: { id: messageId } });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const saved = await getDb().sandboxSnapshot.findFirst({ where: { sandboxId: sandboxId!, reason: "prompt" } });
    if (saved) return getDb().sandbox.findUniqueOrThrow({ where: { id: sandboxId! } });
    if (Date.now() > deadline) throw new Error(`no snapshot of sandbox ${sandboxId} after its prompt`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Stops the session's sandbox as the idle sweep does, an hour from now, keeping none suspended. */
async function stopForIdleness(sandboxId: string) {
  expect(await stopIdleSandboxes(new Date(Date.now() + 3_600_000), getDb(), { suspendedLimit: 0 })).toContain(
    sandboxId,
  );
  expect(await getDb().sandbox.findUniqueOrThrow({ where: { id: sandboxId } })).toMatchObject({ status: "stopped" });
}

const repoFile = (sandboxId: string, file: string) =>
  path.join(getEnv().sandboxes.dataDir, "sandboxes", sandboxId, "workspace", "repo", file);
const lines = (file: string) => readFileSync(file, "utf8").trim().split("\n");

/** The boot phases the timeline shows after a prompt ended: the next sandbox's. */
async function bootPhasesAfter(sessionId: string, messageId: string) {
  const events = await timelineOf(sessionId);
  const ended = events.find((event) => event.type === "execution_complete" && event.messageId === messageId)!;
  return events
    .filter((event) => event.type === "boot_phase" && event.seq > ended.seq)
    .map((event) => event.data as { phase: string; status: string; reason?: string });
}

/** The bytes a set of directories takes on disk, each hard-linked file counted once. */
function diskBytes(dirs: string[]): bigint {
  const seen = new Set<bigint>();
  let total = 0n;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.isFile()) {
        const stat = lstatSync(file, { bigint: true });
        if (seen.has(stat.ino)) continue;
        seen.add(stat.ino);
        total += stat.size;
      }
    }
  };
  dirs.forEach(walk);
  return total;
}

describe("snapshots", () => {
  it(
    "restores a follow-up prompt's sandbox from the snapshot: no clone, no setup, and the agent remembers",
    { timeout: 180_000 },
    async () => {
      const { user, session } = await newSession();
      const first = await prompt(session.id, user.id, "Remember the code word: tangerine-42.", "Noted.");
      const firstSandbox = await sandboxSavedAfter(first.id);
      expect(firstSandbox.bootMode).toBe("fresh");
      await stopForIdleness(firstSandbox.id);
      // The snapshot after the prompt holds everything; the idle stop took no second one.
      expect(await getDb().sandboxSnapshot.count({ where: { sandboxId: firstSandbox.id } })).toBe(1);

      const requestsBefore = loop.model.requests.length;
      const second = await prompt(session.id, user.id, "What was the code word?", "It was tangerine-42.");
      const secondSandbox = await sandboxSavedAfter(second.id);
      const snapshot = await getDb().sandboxSnapshot.findFirstOrThrow({ where: { sandboxId: firstSandbox.id } });
      expect(secondSandbox).toMatchObject({ bootMode: "snapshot_restore", restoredFromId: snapshot.id });

      expect(await bootPhasesAfter(session.id, first.id)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ phase: "cloning", status: "skipped", reason: "restored from a snapshot" }),
          expect.objectContaining({ phase: "setup", status: "skipped", reason: "restored from a snapshot" }),
          expect.objectContaining({ phase: "start", status: "finished" }),
        ]),
      );
      expect(lines(repoFile(secondSandbox.id, ".setup-runs"))).toEqual(["setup"]);
      expect(lines(repoFile(secondSandbox.id, ".start-runs"))).toEqual(["start", "start"]);
      expect(readFileSync(repoFile(secondSandbox.id, "deps/installed.txt"), "utf8")).toBe("left-pad 1.3.0\n");

      // The conversation goes on: the model is sent the first prompt and its answer again.
      const asked = loop.model.requests.slice(requestsBefore).filter((request) => !request.isTitleRequest);
      const conversation = JSON.stringify(asked.at(-1)?.messages);
      expect(conversation).toContain("Remember the code word: tangerine-42.");
      expect(conversation).toContain("Noted.");
      expect(conversation).toContain("What was the code word?");
    },
  );

  it(
    "retires a snapshot another runtime made, or one whose files are gone, and boots fresh from the pushed branch",
    { timeout: 240_000 },
    async () => {
      const { user, session } = await newSession();
      const first = await prompt(session.id, user.id, "Start.", "Started.");
      const firstSandbox = await sandboxSavedAfter(first.id);
      await stopForIdleness(firstSandbox.id);
      const made = await getDb().sandboxSnapshot.findFirstOrThrow({ where: { sandboxId: firstSandbox.id } });
      // As if OpenCode had been downgraded since: a newer OpenCode's data is not restored.
      await getDb().sandboxSnapshot.update({ where: { id: made.id }, data: { runtimeVersion: "1/999.0.0" } });

      const second = await prompt(session.id, user.id, "Go on.", "Going on.");
      const secondSandbox = await sandboxSavedAfter(second.id);
      expect(secondSandbox.bootMode).toBe("fresh");
      expect(await getDb().sandboxSnapshot.findUniqueOrThrow({ where: { id: made.id } })).toMatchObject({
        status: "retired",
        retiredReason: expect.stringContaining("made by OpenCode 999.0.0, newer than this runtime's"),
      });
      expect(lines(repoFile(secondSandbox.id, ".setup-runs"))).toEqual(["setup"]);

      // Its own snapshot's files vanish (a disk cleaned by hand): the next sandbox boots fresh.
      await stopForIdleness(secondSandbox.id);
      const lost = await getDb().sandboxSnapshot.findFirstOrThrow({ where: { sandboxId: secondSandbox.id } });
      rmSync(path.join(getEnv().sandboxes.dataDir, "snapshots", lost.providerSnapshotId), { recursive: true });
      const third = await prompt(session.id, user.id, "Once more.", "Once more, done.");
      const thirdSandbox = await sandboxSavedAfter(third.id);
      expect(thirdSandbox).toMatchObject({ bootMode: "fresh", restoredFromId: null });
      expect(await getDb().sandboxSnapshot.findUniqueOrThrow({ where: { id: lost.id } })).toMatchObject({
        status: "retired",
        retiredReason: expect.stringContaining("Could not be restored: the snapshot's files are missing"),
      });
    },
  );

  it("keeps a session's newest three snapshots and deletes the files of older ones", { timeout: 180_000 }, async () => {
    const { user, session } = await newSession();
    let sandboxId = "";
    for (const round of [1, 2, 3, 4]) {
      const message = await prompt(session.id, user.id, `Round ${round}.`, `Round ${round} done.`);
      sandboxId = (await sandboxSavedAfter(message.id)).id;
      // Each round's snapshot follows the last before the next prompt.
      await expect
        .poll(() => getDb().sandboxSnapshot.count({ where: { sessionId: session.id, reason: "prompt" } }), {
          timeout: 30_000,
        })
        .toBe(round);
    }
    const snapshotsOf = () =>
      getDb().sandboxSnapshot.findMany({ where: { sessionId: session.id }, orderBy: { createdAt: "asc" } });
    // Pruning follows the fourth snapshot's record.
    await expect
      .poll(async () => (await snapshotsOf()).map((snapshot) => snapshot.status))
      .toEqual(["deleted", "ready", "ready", "ready"]);
    const snapshots = await snapshotsOf();
    const dirOf = (id: string) => path.join(getEnv().sandboxes.dataDir, "snapshots", id);
    await expect.poll(() => existsSync(dirOf(snapshots[0]!.providerSnapshotId))).toBe(false);
    expect(existsSync(path.join(dirOf(snapshots[3]!.providerSnapshotId), "workspace", "repo", "deps"))).toBe(true);
    // Later snapshots share what did not change with earlier ones, and the ready ones' sizes add
    // up to exactly what they take on disk — what the disk cap counts.
    expect(sandboxId).toBe(snapshots[3]!.sandboxId);
    const ready = snapshots.filter((snapshot) => snapshot.status === "ready");
    const onDisk = diskBytes(ready.map((snapshot) => dirOf(snapshot.providerSnapshotId)));
    // (What the deleted one shared is counted on its successor once its files are gone.)
    await expect
      .poll(async () => {
        const rows = await getDb().sandboxSnapshot.findMany({ where: { sessionId: session.id, status: "ready" } });
        return rows.reduce((sum, snapshot) => sum + snapshot.sizeBytes, 0n);
      })
      .toBe(onDisk);
    const newest = ready.at(-1)!;
    expect(newest.sizeBytes).toBeLessThan(diskBytes([dirOf(newest.providerSnapshotId)]));
  });
});
