// Who may cancel a waiting prompt: its author, or the session's owner — not every writer, who can
// stop the running prompt instead. The session page offers Cancel by the same rule.
import { describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { mayCancelPrompt } from "@/server/sessions/cancel-rule";
import { createSessionFor, createUser } from "../../factories";
import { refusal } from "../../support/refusal";

describe("cancelling a waiting prompt", () => {
  it("is for its author and the session's owner; another writer is told who can", async () => {
    const [owner, grace, bob] = [
      await createUser({ name: "Owen Owner" }),
      await createUser({ name: "Grace" }),
      await createUser({ name: "Bob" }),
    ];
    const session = await createSessionFor(owner);
    const as = (user: typeof owner) => createCaller({ user });
    // Nothing dispatches them here: the first waits in the queue as surely as the others.
    const { message: byOwner } = await as(owner).session.prompt({ sessionId: session.id, content: "One" });
    const { message: byGrace } = await as(grace).session.prompt({ sessionId: session.id, content: "Two" });
    const { message: another } = await as(grace).session.prompt({ sessionId: session.id, content: "Three" });

    expect(await refusal(as(bob).session.cancelPrompt({ sessionId: session.id, messageId: byGrace.id }))).toMatchObject(
      {
        code: "FORBIDDEN",
        message: "Only Grace, who sent this prompt, or the session's owner can cancel it while it waits.",
      },
    );
    expect(
      await refusal(as(grace).session.cancelPrompt({ sessionId: session.id, messageId: byOwner.id })),
    ).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await as(grace).session.cancelPrompt({ sessionId: session.id, messageId: byGrace.id })).toMatchObject({
      status: "cancelled",
    });
    expect(await as(owner).session.cancelPrompt({ sessionId: session.id, messageId: another.id })).toMatchObject({
      status: "cancelled",
    });
    const { messages } = await as(owner).session.get({ sessionId: session.id });
    const cancelled = messages.filter((message) => message.status === "cancelled").map((message) => message.content);
    expect(cancelled).toEqual(["Two", "Three"]);
  });

  it("is offered on the page by the same rule", () => {
    const session = { ownerId: "owner" };
    expect(mayCancelPrompt({ id: "author" }, { authorId: "author" }, session)).toBe(true);
    expect(mayCancelPrompt({ id: "owner" }, { authorId: "author" }, session)).toBe(true);
    expect(mayCancelPrompt({ id: "someone" }, { authorId: "author" }, session)).toBe(false);
  });
});
