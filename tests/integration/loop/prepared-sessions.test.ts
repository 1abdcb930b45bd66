// Warming on the new-session page, with the real bridge and OpenCode: typing a first prompt
// prepares a hidden session whose sandbox boots at once; sending the form opens that session, and
// its prompt runs in the sandbox already booted. Preparing for another repository discards the
// earlier one (its sandbox stopped); one never sent is discarded after ten minutes; someone else's
// prepared session is never taken.
import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { addLocalRepository } from "@/server/repositories/add-local-repository";
import { createSession } from "@/server/sessions/create-session";
import { listSessions } from "@/server/sessions/list-sessions";
import { discardExpiredPreparedSessions, prepareSession } from "@/server/sessions/prepare-session";
import { asActor, createGitRepository, createUser } from "../../factories";
import { sandboxProcessCount } from "../../support/sandbox-processes";
import { waitForMessage, withSessionLoop } from "../../support/session-loop";

const loop = withSessionLoop();

async function newRepository(user: { id: string }) {
  return addLocalRepository({ path: await createGitRepository(), actor: asActor(user) });
}

/** The session's sandbox once it is ready. */
async function readySandbox(sessionId: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const sandbox = await getDb().sandbox.findFirst({ where: { sessionId, status: "ready" } });
    if (sandbox) return sandbox;
    if (Date.now() > deadline) throw new Error(`no ready sandbox for ${sessionId}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const listedIds = async (user: { id: string }) =>
  (await listSessions({ actor: asActor(user), mine: true })).sessions.map((session) => session.id);

async function waitUntilGone(sandboxId: string) {
  for (let waited = 0; sandboxProcessCount(sandboxId) > 0; waited += 100) {
    if (waited > 15_000) throw new Error(`sandbox ${sandboxId} still runs`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("prepared sessions", () => {
  it("runs the first prompt in the sandbox that booted while the person typed", { timeout: 120_000 }, async () => {
    const ada = await createUser();
    const repository = await newRepository(ada);
    const { preparedSessionId } = await prepareSession({ repositoryId: repository.id, actor: asActor(ada) });
    // Typing on: the same prepared session.
    expect(await prepareSession({ repositoryId: repository.id, actor: asActor(ada) })).toEqual({ preparedSessionId });
    const warmed = await readySandbox(preparedSessionId);
    expect(await listedIds(ada)).not.toContain(preparedSessionId);

    loop.model.script([{ text: "Hello from the warm sandbox." }]);
    const session = await createSession({
      repositoryId: repository.id,
      actor: asActor(ada),
      title: "Warm start",
      prompt: { content: "Say hello.", source: "web" },
      preparedSessionId,
    });
    expect(session).toMatchObject({ id: preparedSessionId, title: "Warm start" });
    const message = await getDb().message.findFirstOrThrow({ where: { sessionId: session.id } });
    expect(await waitForMessage(message.id, ["completed", "failed"])).toMatchObject({
      status: "completed",
      sandboxId: warmed.id,
    });
    expect(await listedIds(ada)).toContain(preparedSessionId);
    expect(await getDb().sandbox.count({ where: { sessionId: session.id } })).toBe(1);
  });

  it(
    "discards a prepared session when another is prepared or its time passes, and never takes someone else's",
    { timeout: 120_000 },
    async () => {
      const ada = await createUser();
      const grace = await createUser();
      const [first, second] = [await newRepository(ada), await newRepository(ada)];
      const { preparedSessionId: earlier } = await prepareSession({ repositoryId: first.id, actor: asActor(ada) });
      const earlierSandbox = await readySandbox(earlier);
      const { preparedSessionId: later } = await prepareSession({ repositoryId: second.id, actor: asActor(ada) });
      expect(later).not.toBe(earlier);
      expect(await getDb().session.count({ where: { id: earlier } })).toBe(0);
      await waitUntilGone(earlierSandbox.id);

      // Grace names Ada's prepared session: she gets a session of her own, and Ada's stays prepared.
      const graces = await createSession({
        repositoryId: second.id,
        actor: asActor(grace),
        preparedSessionId: later,
      });
      expect(graces.id).not.toBe(later);
      expect(await getDb().session.findUniqueOrThrow({ where: { id: later } })).toMatchObject({
        preparedUntil: expect.any(Date),
      });

      const laterSandbox = await readySandbox(later);
      expect(await discardExpiredPreparedSessions(new Date(Date.now() + 60_000))).not.toContain(later);
      expect(await discardExpiredPreparedSessions(new Date(Date.now() + 11 * 60_000))).toContain(later);
      expect(await getDb().session.count({ where: { id: later } })).toBe(0);
      await waitUntilGone(laterSandbox.id);
      // Sent after it was discarded: a new session, as if none had been prepared.
      const opened = await createSession({ repositoryId: second.id, actor: asActor(ada), preparedSessionId: later });
      expect(opened.id).not.toBe(later);
    },
  );
});
