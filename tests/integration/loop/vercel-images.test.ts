// A repository image on Vercel Sandbox, for a repository on GitHub (the fake GitHub, serving it
// over git): the control plane gives the clone an installation token that only that one command
// sees, setup.sh runs in build mode in a Vercel sandbox, and the sandbox's snapshot is the image;
// a new session on the default branch starts from it (no setup.sh, start.sh ran, what setup.sh
// installed is there).
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { scheduleImageBuilds } from "@/server/sandboxes/images/schedule-image-builds";
import { createSession } from "@/server/sessions/create-session";
import { asActor, git } from "../../factories";
import { githubPerson, installedRepository, withFakeGithubApp } from "../../support/github-app";
import { sendPrompt, timelineOf, waitForMessage, withSessionLoop } from "../../support/session-loop";
import { withFakeVercel } from "../../support/vercel";
import { IMAGE_REPOSITORY, waitForImage } from "../../support/images";

const fake = withFakeGithubApp();
const vercel = withFakeVercel();
const loop = withSessionLoop();

/** Every file under `dir` that holds one of `secrets`. */
function filesContaining(dir: string, secrets: string[]): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((entry) => path.join(dir, entry))
    .filter((file) => {
      try {
        if (!lstatSync(file).isFile()) return false;
        const content = readFileSync(file, "latin1");
        return secrets.some((secret) => content.includes(secret));
      } catch {
        return false;
      }
    });
}

describe("a repository image on Vercel Sandbox", () => {
  it(
    "is built from GitHub in a Vercel sandbox, and a new session's sandbox starts from it",
    { timeout: 240_000 },
    async () => {
      const person = await githubPerson(fake.github, "hopper", "Grace Hopper");
      const { repository, gitDir } = await installedRepository(fake.github, {
        owner: "acme",
        name: "gears",
        collaborators: { hopper: "write" },
        git: { files: IMAGE_REPOSITORY },
      });
      const { started } = await scheduleImageBuilds({ repositoryIds: [repository.id] });
      expect(started).toHaveLength(1);
      const image = await waitForImage(started[0]!);
      expect(image).toMatchObject({
        status: "ready",
        provider: "vercel",
        branch: "main",
        commitSha: git(gitDir, "rev-parse", "HEAD"),
      });
      expect(image.output).toContain("installed left-pad");
      expect(vercel.api.snapshots().map((snapshot) => snapshot.id)).toContain(image.providerSnapshotId);
      // The build's sandbox is gone, and the clone's token is nowhere in what it saved.
      const builder = vercel.api.sandboxes().find((sandbox) => sandbox.name === `nightshift-image-${image.id}`);
      expect(builder?.status ?? "gone").not.toBe("running");
      const tokens = fake.github.app!.issued.map((issued) => issued.token);
      expect(tokens.length).toBeGreaterThan(0);
      const saved = vercel.api.snapshots().find((snapshot) => snapshot.id === image.providerSnapshotId)!;
      expect(filesContaining(saved.dir, tokens)).toEqual([]);

      const session = await createSession({ repositoryId: repository.id, actor: asActor(person) });
      loop.model.script([{ text: "Looked around." }]);
      const message = await sendPrompt(session.id, person.id, "Look around.");
      expect(await waitForMessage(message.id, ["completed", "failed"], 120_000)).toMatchObject({ status: "completed" });
      const { sandboxId } = await getDb().message.findUniqueOrThrow({ where: { id: message.id } });
      const sandbox = await getDb().sandbox.findUniqueOrThrow({ where: { id: sandboxId! } });
      expect(sandbox).toMatchObject({ provider: "vercel", bootMode: "repo_image", imageId: image.id });
      const phases = (await timelineOf(session.id))
        .filter((event) => event.type === "boot_phase")
        .map((event) => event.data as { phase: string; status: string; reason?: string });
      expect(phases).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ phase: "setup", status: "skipped", reason: "restored from a prebuilt image" }),
          expect.objectContaining({ phase: "start", status: "finished" }),
        ]),
      );
      const workDir = vercel.api.sandboxes().find((candidate) => candidate.name === sandbox.providerId)!.workDir;
      const repoFile = (file: string) => readFileSync(path.join(workDir, "workspace", "repo", file), "utf8");
      expect(repoFile(".setup-runs")).toBe("setup build\n");
      expect(repoFile(".start-runs")).toBe("start\n");
      expect(repoFile("deps/installed.txt")).toBe("left-pad 1.3.0\n");
    },
  );
});
