import { describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { getDb } from "@/server/db";
import { MAX_PROMPT_LENGTH } from "@/server/sessions/schemas";
import { createSessionFor, createUser } from "../../factories";
import { refusal } from "../../support/refusal";

async function setup() {
  const ada = await createUser({ name: "Ada" });
  const session = await createSessionFor(ada);
  return { ada, session, caller: createCaller({ user: ada }) };
}

const messagesOf = (sessionId: string) =>
  getDb().message.findMany({ where: { sessionId }, orderBy: { createdAt: "asc" } });

describe("sending a prompt", () => {
  it("queues prompts first in, first out", async () => {
    const { session, caller } = await setup();
    for (const content of ["one", "two", "three"]) await caller.session.prompt({ sessionId: session.id, content });

    const { messages } = await caller.session.get({ sessionId: session.id });
    expect(messages.map((message) => [message.content, message.status])).toEqual([
      ["one", "pending"],
      ["two", "pending"],
      ["three", "pending"],
    ]);
  });

  it("enqueues a retry with the same client request id once, and refuses the id with another prompt", async () => {
    const { session, caller } = await setup();
    const first = await caller.session.prompt({
      sessionId: session.id,
      content: "Fix the build",
      clientRequestId: "req-1",
    });
    const retry = await caller.session.prompt({
      sessionId: session.id,
      content: "Fix the build",
      clientRequestId: "req-1",
    });
    const concurrent = await Promise.all(
      [1, 2, 3].map(() => caller.session.prompt({ sessionId: session.id, content: "Again", clientRequestId: "req-2" })),
    );

    expect(retry).toEqual({ message: first.message, isDuplicate: true });
    expect(concurrent.filter((result) => !result.isDuplicate)).toHaveLength(1);
    expect(await messagesOf(session.id)).toHaveLength(2);
    const conflict = await refusal(
      caller.session.prompt({ sessionId: session.id, content: "Something else", clientRequestId: "req-1" }),
    );
    expect(conflict).toMatchObject({
      code: "CONFLICT",
      fieldErrors: { clientRequestId: ["This client request id was already used for a different prompt."] },
    });
  });

  it("holds at most 10 unfinished prompts, even when many arrive at once", async () => {
    const { session, caller } = await setup();
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, index) =>
        caller.session.prompt({ sessionId: session.id, content: `prompt ${index}` }),
      ),
    );

    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(10);
    const eleventh = await refusal(caller.session.prompt({ sessionId: session.id, content: "one too many" }));
    expect(eleventh).toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: "This session already has 10 prompts waiting or running: wait for one to finish, or cancel one.",
    });
    expect(await messagesOf(session.id)).toHaveLength(10);
  });

  it("takes a prompt of 64,000 characters and refuses a longer one", async () => {
    const { session, caller } = await setup();
    await caller.session.prompt({ sessionId: session.id, content: "x".repeat(MAX_PROMPT_LENGTH) });
    const tooLong = await refusal(
      caller.session.prompt({ sessionId: session.id, content: "x".repeat(MAX_PROMPT_LENGTH + 1) }),
    );
    expect(tooLong).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { content: ["A prompt can be at most 64,000 characters."] },
    });
    const blank = await refusal(caller.session.prompt({ sessionId: session.id, content: "  \n " }));
    expect(blank.fieldErrors).toEqual({ content: ["Write a prompt."] });
  });

  it("makes whoever prompts a participant, and refuses prompts on an archived session until it is restored", async () => {
    const { session, caller } = await setup();
    const grace = createCaller({ user: await createUser({ name: "Grace" }) });
    await grace.session.prompt({ sessionId: session.id, content: "From Grace" });
    const { participants } = await caller.session.get({ sessionId: session.id });
    expect(participants.map((participant) => [participant.user.name, participant.role])).toEqual([
      ["Ada", "owner"],
      ["Grace", "member"],
    ]);

    const archived = await caller.session.archive({ sessionId: session.id });
    expect(archived.status).toBe("archived");
    const refused = await refusal(caller.session.prompt({ sessionId: session.id, content: "Hello?" }));
    expect(refused).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "This session is archived: restore it to send prompts.",
    });
    const { messages } = await caller.session.get({ sessionId: session.id });
    expect(messages.map((message) => [message.content, message.status, message.error])).toEqual([
      ["From Grace", "cancelled", "cancelled when the session was archived"],
    ]);

    expect((await caller.session.restore({ sessionId: session.id })).status).toBe("active");
    await expect(caller.session.prompt({ sessionId: session.id, content: "Back again" })).resolves.toMatchObject({
      isDuplicate: false,
    });
  });

  it("answers NOT_FOUND for a session that does not exist", async () => {
    const { caller } = await setup();
    const refused = await refusal(caller.session.prompt({ sessionId: "missing", content: "Hello" }));
    expect(refused).toMatchObject({ code: "NOT_FOUND", message: "That session does not exist." });
  });
});
