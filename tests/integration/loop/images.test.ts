// Prebuilt repository images on the local provider, with the real bridge and OpenCode: the
// schedule builds an image of the default branch (clone, setup.sh in build mode, saved) and does
// not build it again until the branch moves; a new session's sandbox starts from it (no clone,
// no setup.sh, start.sh ran, the branch's newest commit fetched); a newer image retires the older;
// an image whose files are gone is retired and the session boots fresh; a failing setup.sh fails
// the build with its output (secrets redacted) and sessions boot fresh; one build at a time.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "@/server/db";
import { getEnv } from "@/server/env";
import { addLocalRepository } from "@/server/repositories/add-local-repository";
import { updateRepositorySettings } from "@/server/repositories/repository-settings";
import { listRepositoryImages, rebuildRepositoryImage } from "@/server/sandboxes/images/repository-images";
import { scheduleImageBuilds } from "@/server/sandboxes/images/schedule-image-builds";
import { setSecrets } from "@/server/secrets/secrets";
import { createSession } from "@/server/sessions/create-session";
import { asActor, createGitRepository, createUser, git } from "../../factories";
import { sendPrompt, timelineOf, waitForMessage, withSessionLoop } from "../../support/session-loop";
import { IMAGE_REPOSITORY, waitForImage } from "../../support/images";

const loop = withSessionLoop();

async function newRepository(files: Record<string, string>) {
  const user = await createUser();
  const dir = await createGitRepository({ files });
  const repository = await addLocalRepository({ path: dir, actor: asActor(user) });
  return { user, dir, repository };
}

/** Runs a prompt to its end in a new session; returns the sandbox it ran in. */
async function runSession(user: { id: string }, repositoryId: string, reply = "Done.") {
  const session = await createSession({ repositoryId, actor: asActor(user) });
  loop.model.script([{ text: reply }]);
  const message = await sendPrompt(session.id, user.id, "Look around.");
  expect(await waitForMessage(message.id, ["completed", "failed"])).toMatchObject({ status: "completed" });
  const { sandboxId } = await getDb().message.findUniqueOrThrow({ where: { id: message.id } });
  const sandbox = await getDb().sandbox.findUniqueOrThrow({ where: { id: sandboxId! } });
  const phases = (await timelineOf(session.id))
    .filter((event) => event.type === "boot_phase")
    .map((event) => event.data as { phase: string; status: string; reason?: string; from?: string });
  return { session, sandbox, phases };
}

const repoFile = (sandboxId: string, file: string) =>
  path.join(getEnv().sandboxes.dataDir, "sandboxes", sandboxId, "workspace", "repo", file);
const lines = (file: string) => readFileSync(file, "utf8").trim().split("\n");
const imageDir = (providerSnapshotId: string) => path.join(getEnv().sandboxes.dataDir, "snapshots", providerSnapshotId);

describe("repository images", () => {
  it(
    "builds the default branch on schedule, starts new sessions from it, and rebuilds only when the branch moves",
    { timeout: 240_000 },
    async () => {
      const { user, dir, repository } = await newRepository(IMAGE_REPOSITORY);
      const schedule = () => scheduleImageBuilds({ repositoryIds: [repository.id] });
      const { started } = await schedule();
      expect(started).toHaveLength(1);
      const image = await waitForImage(started[0]!);
      expect(image).toMatchObject({ status: "ready", branch: "main", commitSha: git(dir, "rev-parse", "HEAD") });
      expect(image.output).toContain("installed left-pad");
      expect(Number(image.sizeBytes)).toBeGreaterThan(0);
      // Nothing moved: no second build.
      expect((await schedule()).started).toEqual([]);

      // The branch moves after the build: the session's sandbox still starts from the image, at the new head.
      await writeFile(path.join(dir, "after-image.txt"), "newer\n");
      git(dir, "add", ".");
      git(dir, "commit", "-q", "-m", "after the image");
      const { sandbox, phases } = await runSession(user, repository.id);
      expect(sandbox).toMatchObject({ bootMode: "repo_image", imageId: image.id });
      expect(phases).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ phase: "cloning", status: "finished", from: "main" }),
          expect.objectContaining({ phase: "setup", status: "skipped", reason: "restored from a prebuilt image" }),
          expect.objectContaining({ phase: "start", status: "finished" }),
        ]),
      );
      expect(lines(repoFile(sandbox.id, ".setup-runs"))).toEqual(["setup build"]);
      expect(lines(repoFile(sandbox.id, ".start-runs"))).toEqual(["start"]);
      expect(readFileSync(repoFile(sandbox.id, "deps/installed.txt"), "utf8")).toBe("left-pad 1.3.0\n");
      expect(existsSync(repoFile(sandbox.id, "after-image.txt"))).toBe(true);

      // The branch moved: the schedule builds again, and the newer image retires the older.
      const rebuilt = await schedule();
      expect(rebuilt.started).toHaveLength(1);
      const newer = await waitForImage(rebuilt.started[0]!);
      expect(newer).toMatchObject({ status: "ready", commitSha: git(dir, "rev-parse", "HEAD") });
      expect(await getDb().repositoryImage.findUniqueOrThrow({ where: { id: image.id } })).toMatchObject({
        status: "retired",
        error: "Replaced by a newer image.",
      });
      // Its files go right after the newer image is ready.
      await vi.waitFor(() => expect(existsSync(imageDir(image.providerSnapshotId!))).toBe(false), {
        timeout: 10_000,
      });
      const listed = await listRepositoryImages({ repositoryId: repository.id, actor: asActor(user) });
      expect(listed.current?.id).toBe(newer.id);
      expect(listed.images.map((entry) => entry.status)).toEqual(["ready", "retired"]);

      // Its files gone, the image is retired and the session boots fresh.
      rmSync(imageDir(newer.providerSnapshotId!), { recursive: true, force: true });
      const fallback = await runSession(user, repository.id);
      expect(fallback.sandbox).toMatchObject({ bootMode: "fresh", imageId: null });
      expect(lines(repoFile(fallback.sandbox.id, ".setup-runs"))).toEqual(["setup fresh"]);
      expect(await getDb().repositoryImage.findUniqueOrThrow({ where: { id: newer.id } })).toMatchObject({
        status: "retired",
        error: expect.stringContaining("Could not be restored"),
      });
    },
  );

  it(
    "fails a build whose setup.sh fails, showing its output without secrets; sessions boot fresh",
    { timeout: 180_000 },
    async () => {
      const { user, repository } = await newRepository({
        ".nightshift/setup.sh":
          'echo "using token $DEPLOY_TOKEN"\necho "npm ERR! could not resolve left-pad" >&2\nexit 3\n',
      });
      await setSecrets({
        ref: { scope: "repository", repositoryId: repository.id },
        changes: [{ key: "DEPLOY_TOKEN", value: "tok-very-secret-123" }],
        actorId: user.id,
      });
      // Two presses of "Rebuild now" at once: one build.
      const presses = await Promise.allSettled([
        rebuildRepositoryImage({ repositoryId: repository.id, actor: asActor(user) }),
        rebuildRepositoryImage({ repositoryId: repository.id, actor: asActor(user) }),
      ]);
      const built = presses.filter((press) => press.status === "fulfilled");
      expect(built).toHaveLength(1);
      expect(presses.find((press) => press.status === "rejected")).toMatchObject({
        reason: { code: "CONFLICT", message: expect.stringContaining("being built already") },
      });
      const failed = await waitForImage((built[0] as PromiseFulfilledResult<{ id: string }>).value.id);
      expect(failed).toMatchObject({ status: "failed", error: "setup.sh failed with exit code 3", trigger: "manual" });
      expect(failed.output).toContain("npm ERR! could not resolve left-pad");
      expect(failed.output).toContain("using token [secret:DEPLOY_TOKEN]");
      expect(failed.output).not.toContain("tok-very-secret-123");
      // The same commit is not built again on schedule.
      expect((await scheduleImageBuilds({ repositoryIds: [repository.id] })).started).toEqual([]);

      const { sandbox } = await runSession(user, repository.id);
      expect(sandbox).toMatchObject({ bootMode: "fresh", imageId: null });

      // Turned off: no builds, and "Rebuild now" says why.
      await updateRepositorySettings({
        repositoryId: repository.id,
        actor: asActor(user),
        settings: { imageBuildsEnabled: false },
      });
      await expect(rebuildRepositoryImage({ repositoryId: repository.id, actor: asActor(user) })).rejects.toThrow(
        "Image builds are off for this repository",
      );
    },
  );
});
