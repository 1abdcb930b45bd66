// The repository's own boot scripts: a failing start.sh fails the sandbox with the script's
// last output; a failing setup.sh on a fresh boot is a warning and the prompt still runs; both
// see the boot mode, also under the .openinspect/ names.
import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { createSession } from "@/server/sessions/create-session";
import { createGitRepository, createUser, git, asActor } from "../../factories";
import { addLocalRepository } from "@/server/repositories/add-local-repository";
import { withSessionLoop, timelineOf, waitForMessage } from "../../support/session-loop";

const loop = withSessionLoop();

async function sessionOn(files: Record<string, string>) {
  const user = await createUser();
  const path = await createGitRepository({ files });
  const repository = await addLocalRepository({ path, actor: asActor(user) });
  const session = await createSession({
    repositoryId: repository.id,
    actor: asActor(user),
    prompt: { content: "Say hello", source: "api" },
  });
  const message = await getDb().message.findFirstOrThrow({ where: { sessionId: session.id } });
  return { session, message, path };
}

describe("boot scripts", () => {
  it(
    "fails the sandbox, and the prompt, when start.sh fails, quoting its last output",
    { timeout: 120_000 },
    async () => {
      const { session, message } = await sessionOn({
        ".nightshift/start.sh": "echo 'starting the database'\necho 'FATAL: port 5432 is taken' >&2\nexit 3\n",
      });
      const failed = await waitForMessage(message.id, ["completed", "failed"]);
      expect(failed.status).toBe("failed");
      expect(failed.error).toContain(".nightshift/start.sh failed with exit code 3");
      expect(failed.error).toContain("FATAL: port 5432 is taken");

      const sandbox = await getDb().sandbox.findFirstOrThrow({ where: { sessionId: session.id } });
      expect(sandbox.status).toBe("failed");
      expect(sandbox.error).toContain("starting the database\nFATAL: port 5432 is taken");
      const phases = (await timelineOf(session.id))
        .filter((event) => event.type === "boot_phase")
        .map((event) => event.data as { phase: string; status: string });
      expect(phases).toContainEqual(expect.objectContaining({ phase: "start", status: "failed" }));
      expect(loop.model.requests.some((request) => JSON.stringify(request.messages).includes("Say hello"))).toBe(false);
    },
  );

  it("warns when setup.sh fails on a fresh boot, and runs the prompt anyway", { timeout: 120_000 }, async () => {
    loop.model.script([{ text: "Hello!" }]);
    const { session, message } = await sessionOn({
      ".nightshift/setup.sh": "echo 'installing dependencies'\necho 'npm ERR! network unreachable'\nexit 1\n",
    });
    expect(await waitForMessage(message.id, ["completed", "failed"])).toMatchObject({ status: "completed" });
    const warnings = (await timelineOf(session.id))
      .filter((event) => event.type === "warning")
      .map((event) => event.data as { message: string; detail?: string });
    expect(warnings).toContainEqual({
      message: ".nightshift/setup.sh failed with exit code 1; continuing without it.",
      detail: "installing dependencies\nnpm ERR! network unreachable",
    });
  });

  it("gives both scripts the boot mode, and honours the .openinspect/ names", { timeout: 120_000 }, async () => {
    loop.model.script([{ text: "Done." }]);
    const { session, message, path } = await sessionOn({
      ".openinspect/setup.sh": 'echo "setup $NIGHTSHIFT_BOOT_MODE $OPENINSPECT_BOOT_MODE" >> boot.log\n',
      ".openinspect/start.sh": 'echo "start $NIGHTSHIFT_BOOT_MODE $OPENINSPECT_BOOT_MODE" >> boot.log\n',
    });
    expect(await waitForMessage(message.id, ["completed", "failed"])).toMatchObject({ status: "completed" });
    // What the scripts left in the workspace was committed and pushed with the prompt's work.
    expect(git(path, "show", `${session.branch}:boot.log`)).toBe("setup fresh fresh\nstart fresh fresh");
  });
});
