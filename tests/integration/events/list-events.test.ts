// Rows stored before a schema changed are still read: one that no longer fits its type's schema is
// listed (and shown) as an error event in its place, and the session's page still opens.
import { describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { getDb } from "@/server/db";
import { appendEvents } from "@/server/events/append-events";
import { createSessionFor, createUser } from "../../factories";

describe("reading a timeline", () => {
  it("lists a stored row that does not fit as an error event, in its place", async () => {
    const ada = await createUser();
    const session = await createSessionFor(ada);
    await appendEvents({ sessionId: session.id, events: [{ type: "warning", data: { message: "before" } }] });
    // As an older version might have stored it: a tool call without its id or arguments.
    await getDb().$transaction([
      getDb().event.create({
        data: { sessionId: session.id, seq: 2, type: "tool_call", data: { tool: "bash", status: "done" } },
      }),
      getDb().session.update({ where: { id: session.id }, data: { lastEventSeq: 2 } }),
    ]);
    await appendEvents({ sessionId: session.id, events: [{ type: "warning", data: { message: "after" } }] });

    const snapshot = await createCaller({ user: ada }).session.get({ sessionId: session.id });
    expect(snapshot.timeline.events.map((event) => [event.seq, event.type])).toEqual([
      [1, "warning"],
      [2, "error"],
      [3, "warning"],
    ]);
    expect(snapshot.timeline.events[1]).toMatchObject({
      data: {
        message: expect.stringMatching(
          /^This timeline holds a tool_call event that does not fit: callId: expected string, received undefined; status: expected one of .*; input: /,
        ),
        detail: JSON.stringify({ tool: "bash", status: "done" }),
      },
    });
  });
});
