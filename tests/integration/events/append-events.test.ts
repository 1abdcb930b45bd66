import { describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { appendEvents } from "@/server/events/append-events";
import { createSessionFor, createUser } from "../../factories";

describe("the event timeline", () => {
  it("numbers events 1, 2, 3… without gaps or repeats while many writers append at once", async () => {
    const ada = await createUser();
    const session = await createSessionFor(ada);

    await Promise.all(
      Array.from({ length: 15 }, (_, writer) =>
        appendEvents({
          sessionId: session.id,
          events: [0, 1, 2].map((part) => ({
            type: "token" as const,
            data: { partId: `writer-${writer}`, text: `${part}` },
          })),
        }),
      ),
    );

    const page = await createCaller({ user: ada }).session.events({ sessionId: session.id, afterSeq: 0, limit: 500 });
    expect(page.events.map((event) => event.seq)).toEqual(Array.from({ length: 45 }, (_, index) => index + 1));
    expect(page.lastSeq).toBe(45);
    // Each writer's batch stays together and in order.
    for (let writer = 0; writer < 15; writer++) {
      const seqs = page.events
        .filter((event) => event.type === "token" && event.data.partId === `writer-${writer}`)
        .map((event) => event.seq);
      expect(seqs).toEqual([seqs[0], (seqs[0] ?? 0) + 1, (seqs[0] ?? 0) + 2]);
    }
  });

  it("pages: the latest page first, then forward from a sequence number", async () => {
    const ada = await createUser();
    const session = await createSessionFor(ada);
    await appendEvents({
      sessionId: session.id,
      events: Array.from({ length: 7 }, (_, index) => ({
        type: "token" as const,
        data: { partId: "p", text: `${index}` },
      })),
    });
    const caller = createCaller({ user: ada });

    const latest = await caller.session.events({ sessionId: session.id, limit: 3 });
    const after = await caller.session.events({ sessionId: session.id, afterSeq: 2, limit: 3 });
    const snapshot = await caller.session.get({ sessionId: session.id });

    expect(latest).toMatchObject({ lastSeq: 7, hasEarlier: true });
    expect(latest.events.map((event) => event.seq)).toEqual([5, 6, 7]);
    expect(after.events.map((event) => event.seq)).toEqual([3, 4, 5]);
    expect(snapshot.timeline.events.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(snapshot.session.lastEventSeq).toBe(7);
  });

  it("pages backwards from the first event shown, down to the first one", async () => {
    const ada = await createUser();
    const session = await createSessionFor(ada);
    await appendEvents({
      sessionId: session.id,
      events: Array.from({ length: 7 }, (_, index) => ({
        type: "token" as const,
        data: { partId: "p", text: `${index}` },
      })),
    });
    const caller = createCaller({ user: ada });

    const earlier = await caller.session.events({ sessionId: session.id, beforeSeq: 5, limit: 3 });
    const first = await caller.session.events({ sessionId: session.id, beforeSeq: 2, limit: 3 });
    expect(earlier).toMatchObject({ lastSeq: 7, hasEarlier: true });
    expect(earlier.events.map((event) => event.seq)).toEqual([2, 3, 4]);
    expect(first).toMatchObject({ hasEarlier: false });
    expect(first.events.map((event) => event.seq)).toEqual([1]);
  });
});
