import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { getDb } from "@/server/db";
import { Prisma } from "@/server/generated/prisma/client";
import { createSessionFor, createUser } from "../../factories";
import { refusal } from "../../support/refusal";

async function setup() {
  const ada = await createUser({ name: "Ada" });
  const session = await createSessionFor(ada);
  const caller = createCaller({ user: ada });
  const prompt = async (content: string) => (await caller.session.prompt({ sessionId: session.id, content })).message;
  // What the dispatcher does when a prompt starts; the jobs that do it come with the sandbox loop.
  const markProcessing = (messageId: string) =>
    getDb().message.update({ where: { id: messageId }, data: { status: "processing", startedAt: new Date() } });
  return { ada, session, caller, prompt, markProcessing };
}

describe("controlling the queue", () => {
  it("cancels a waiting prompt, and refuses to cancel one that runs or has finished", async () => {
    const { session, caller, prompt, markProcessing } = await setup();
    const running = await prompt("first");
    const waiting = await prompt("second");
    await markProcessing(running.id);

    const cancelled = await caller.session.cancelPrompt({ sessionId: session.id, messageId: waiting.id });

    expect(cancelled.status).toBe("cancelled");
    expect(await refusal(caller.session.cancelPrompt({ sessionId: session.id, messageId: running.id }))).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "Only waiting prompts can be cancelled; this one is running: stop it instead.",
    });
    expect((await refusal(caller.session.cancelPrompt({ sessionId: session.id, messageId: waiting.id }))).message).toBe(
      "Only waiting prompts can be cancelled; this one is already cancelled.",
    );
    expect((await refusal(caller.session.cancelPrompt({ sessionId: session.id, messageId: "missing" }))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("lets the database hold one processing prompt per session, whatever the code does", async () => {
    const { prompt, markProcessing } = await setup();
    const first = await prompt("first");
    const second = await prompt("second");
    await markProcessing(first.id);

    const error = await markProcessing(second.id).catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect((error as Prisma.PrismaClientKnownRequestError).code).toBe("P2002");
  });

  it("stops the running prompt: ended here when no sandbox works on it, with who stopped it", async () => {
    const { session, caller, prompt, markProcessing } = await setup();
    expect((await refusal(caller.session.stop({ sessionId: session.id }))).message).toBe(
      "Nothing is running in this session.",
    );
    const running = await prompt("long task");
    await markProcessing(running.id);

    expect(await caller.session.stop({ sessionId: session.id })).toEqual({ messageId: running.id, state: "stopped" });
    const { messages } = await caller.session.get({ sessionId: session.id });
    expect(messages[0]).toMatchObject({ status: "failed", error: "stopped by Ada" });
  });

  it("stops the running prompt through its sandbox when one is live: the bridge gets a stop command", async () => {
    const { session, caller, prompt, markProcessing } = await setup();
    const running = await prompt("long task");
    await markProcessing(running.id);
    const sandbox = await getDb().sandbox.create({
      data: {
        sessionId: session.id,
        provider: "local",
        status: "running",
        bootMode: "fresh",
        tokenHash: randomBytes(16).toString("hex"),
      },
    });

    expect(await caller.session.stop({ sessionId: session.id })).toEqual({ messageId: running.id, state: "stopping" });
    const commands = await getDb().sandboxCommand.findMany({ where: { sandboxId: sandbox.id } });
    expect(commands).toMatchObject([
      { seq: 1, type: "stop", payload: { messageId: running.id, reason: "stopped by Ada" }, acknowledgedAt: null },
    ]);
    expect((await caller.session.get({ sessionId: session.id })).messages[0]?.status).toBe("processing");
  });

  it("refuses to archive while a prompt runs", async () => {
    const { session, caller, prompt, markProcessing } = await setup();
    await markProcessing((await prompt("busy")).id);
    expect((await refusal(caller.session.archive({ sessionId: session.id }))).message).toBe(
      "A prompt is running in this session: stop it before archiving.",
    );
  });

  it("lists sessions newest first, a page at a time, archived ones only when asked", async () => {
    const ada = await createUser();
    const caller = createCaller({ user: ada });
    const { createLocalRepository } = await import("../../factories");
    const repository = await createLocalRepository(ada.id);
    const created = [];
    for (let index = 0; index < 3; index++)
      created.push(await caller.session.create({ repositoryId: repository.id, title: `s${index}` }));
    await caller.session.archive({ sessionId: created[1]?.id ?? "" });

    const visible = await caller.session.list({ repositoryId: repository.id });
    expect(visible.sessions.map((session) => session.title)).toEqual(["s2", "s0"]);
    const firstPage = await caller.session.list({ repositoryId: repository.id, includeArchived: true, limit: 2 });
    expect(firstPage.sessions.map((session) => session.title)).toEqual(["s2", "s1"]);
    const secondPage = await caller.session.list({
      repositoryId: repository.id,
      includeArchived: true,
      limit: 2,
      cursor: firstPage.nextCursor ?? "",
    });
    expect(secondPage).toMatchObject({ sessions: [{ title: "s0" }], nextCursor: null });
  });
});
