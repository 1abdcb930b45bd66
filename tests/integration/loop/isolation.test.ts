// What a sandbox can see: only the environment built for it (never the control plane's own),
// and with bubblewrap, the system read-only and the machine's other files out of sight. Without
// bubblewrap it is skipped, saying so (under CI=true it fails: CI installs bubblewrap).
import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { createSession } from "@/server/sessions/create-session";
import { asActor, createLocalRepository, createUser, git } from "../../factories";
import { bubblewrap, needs } from "../../support/requirements";
import { withSessionLoop, waitForMessage } from "../../support/session-loop";

const loop = withSessionLoop();

/** Has the agent write what it sees into files, committed on the session branch. */
const PROBE = [
  "env | sort > env.txt",
  `(test -e "${process.env.NIGHTSHIFT_DATA_DIR}" && echo visible || echo hidden) > data-dir.txt`,
  "(touch /usr/nightshift-probe 2>/dev/null && echo writable || echo read-only) > usr.txt",
  "git add -A && git commit -q -m probe",
].join("; ");

describe("a sandbox in bubblewrap", () => {
  it(
    "sees only its own environment, the system read-only, and none of the machine's other files",
    { timeout: 120_000 },
    async (context) => {
      needs(context, bubblewrap);
      const user = await createUser();
      const repository = await createLocalRepository(user.id);
      loop.model.script([
        { toolCalls: [{ name: "bash", arguments: { command: PROBE, description: "Look around" } }] },
        { text: "Looked." },
      ]);
      const session = await createSession({
        repositoryId: repository.id,
        actor: asActor(user),
        prompt: { content: "Look around", source: "api" },
      });
      const message = await getDb().message.findFirstOrThrow({ where: { sessionId: session.id } });
      expect(await waitForMessage(message.id, ["completed", "failed"])).toMatchObject({ status: "completed" });

      const { externalId: origin } = await getDb().repository.findUniqueOrThrow({ where: { id: repository.id } });
      const env = git(origin, "show", `${session.branch}:env.txt`).split("\n");
      const names = env.map((line) => line.slice(0, line.indexOf("=")));
      expect(env).toContain("HOME=/home/agent");
      expect(env).toContain(`NIGHTSHIFT_SESSION_ID=${session.id}`);
      expect(env).toContain("GIT_COMMITTER_NAME=Nightshift");
      // Nothing of the control plane's own configuration, and not the bridge's token either.
      for (const secret of [
        "DATABASE_URL",
        "AUTH_SECRET",
        "NIGHTSHIFT_SANDBOX_TOKEN",
        "NIGHTSHIFT_DATA_DIR",
        "NODE_ENV",
        "VITEST",
      ]) {
        expect(names).not.toContain(secret);
      }
      expect(git(origin, "show", `${session.branch}:data-dir.txt`)).toBe("hidden");
      expect(git(origin, "show", `${session.branch}:usr.txt`)).toBe("read-only");
      // The control plane's environment is untouched.
      expect(process.env.NIGHTSHIFT_SANDBOX_TOKEN).toBeUndefined();
      expect(process.env.DATABASE_URL).toBeTruthy();
    },
  );
});
