// The browser's copy of a timeline ends equal to the stored one, whatever realtime does: repeats,
// reordering, losses, announced events, reconnects, messages arriving during a fetch.
import { describe, expect, it } from "vitest";
import { type TimelineEntry, TimelineSync } from "@/lib/sessions/timeline-sync";
import type { TimelineEventMessage } from "@/server/realtime/channels";

/** The database's side: stored events, and the page query the browser calls. */
function storedTimeline(count: number) {
  const events: TimelineEntry[] = [];
  const store = (n: number) => {
    for (let index = 0; index < n; index++) {
      const seq = events.length + 1;
      events.push({
        seq,
        type: "token",
        data: { partId: "p", text: `t${seq}` },
        messageId: "m",
        createdAt: new Date(seq * 1000).toISOString(),
      });
    }
  };
  store(count);
  let fetches = 0;
  const fetchPage = async (afterSeq: number, limit: number) => {
    fetches += 1;
    await new Promise((resolve) => setTimeout(resolve, 1));
    return { events: events.filter((event) => event.seq > afterSeq).slice(0, limit), lastSeq: events.length };
  };
  const message = (seq: number, announced = false): TimelineEventMessage => {
    const event = events[seq - 1]!;
    if (!announced) return event;
    const { seq: at, type, messageId, createdAt } = event;
    return { seq: at, type, messageId, createdAt, announced: true };
  };
  return { events, store, fetchPage, message, fetches: () => fetches };
}

function follow(db: ReturnType<typeof storedTimeline>) {
  let shown: readonly TimelineEntry[] = [];
  const sync = new TimelineSync(db.fetchPage, (entries) => (shown = entries));
  return { sync, shown: () => shown.map((entry) => entry.seq) };
}

const upTo = (n: number) => Array.from({ length: n }, (_, index) => index + 1);

describe("the browser's timeline", () => {
  it("applies realtime events in order and ignores repeats", async () => {
    const db = storedTimeline(3);
    const { sync, shown } = follow(db);
    sync.load({ events: db.events.slice(), lastSeq: 3 });
    db.store(2);
    sync.receive([db.message(4)]);
    sync.receive([db.message(4)]);
    sync.receive([db.message(2)]);
    sync.receive([db.message(5)]);
    await sync.settled();
    expect(shown()).toEqual([1, 2, 3, 4, 5]);
    expect(db.fetches()).toBe(0);
  });

  it("applies a message of several events with one change shown, fetching one that was only announced", async () => {
    const db = storedTimeline(2);
    let changes = 0;
    let shown: readonly TimelineEntry[] = [];
    const sync = new TimelineSync(db.fetchPage, (entries) => {
      changes += 1;
      shown = entries;
    });
    sync.load({ events: db.events.slice(), lastSeq: 2 });
    db.store(3);
    sync.receive([db.message(3), db.message(4)]);
    expect(shown.map((entry) => entry.seq)).toEqual([1, 2, 3, 4]);
    expect(changes).toBe(2);
    db.store(3);
    sync.receive([db.message(5), db.message(6, true), db.message(7), db.message(8)]);
    await sync.settled();
    expect(shown.map((entry) => [entry.seq, entry.data])).toEqual(
      upTo(8).map((seq) => [seq, { partId: "p", text: `t${seq}` }]),
    );
    expect(db.fetches()).toBe(1);
  });

  it("fetches a gap, then applies what arrived ahead of it", async () => {
    const db = storedTimeline(2);
    const { sync, shown } = follow(db);
    sync.load({ events: db.events.slice(), lastSeq: 2 });
    db.store(4);
    sync.receive([db.message(5)]);
    sync.receive([db.message(6)]);
    await sync.settled();
    expect(shown()).toEqual(upTo(6));
  });

  it("fetches an event that was only announced", async () => {
    const db = storedTimeline(1);
    let entries: readonly TimelineEntry[] = [];
    const sync = new TimelineSync(db.fetchPage, (next) => (entries = next));
    sync.load({ events: db.events.slice(), lastSeq: 1 });
    db.store(1);
    sync.receive([db.message(2, true)]);
    await sync.settled();
    expect(entries.map((entry) => [entry.seq, entry.data])).toEqual([
      [1, { partId: "p", text: "t1" }],
      [2, { partId: "p", text: "t2" }],
    ]);
  });

  it("catches up after a disconnection during which nothing was received", async () => {
    const db = storedTimeline(3);
    const { sync, shown } = follow(db);
    sync.load({ events: db.events.slice(), lastSeq: 3 });
    db.store(450);
    sync.resync();
    await sync.settled();
    expect(shown()).toEqual(upTo(453));
  });

  it("starts from the latest page and loads older events before it", async () => {
    const db = storedTimeline(10);
    const { sync, shown } = follow(db);
    sync.load({ events: db.events.slice(5), lastSeq: 10 });
    sync.prepend(db.events.slice(0, 6));
    expect(shown()).toEqual(upTo(10));
  });

  it("ends equal to the stored timeline under random losses, repeats, reordering and reconnects", async () => {
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 50; round++) {
      const db = storedTimeline(Math.floor(random() * 5));
      const { sync, shown } = follow(db);
      sync.load({ events: db.events.slice(), lastSeq: db.events.length });
      const inFlight: TimelineEventMessage[][] = [];
      for (let step = 0; step < 60; step++) {
        const roll = random();
        if (roll < 0.4) {
          const count = 1 + Math.floor(random() * 3); // stored together, published as one message
          db.store(count);
          const seqs = upTo(db.events.length).slice(-count);
          if (random() > 0.2) inFlight.push(seqs.map((seq) => db.message(seq, random() < 0.1))); // some are lost
        } else if (roll < 0.8 && inFlight.length > 0) {
          const index = Math.floor(random() * inFlight.length); // delivered out of order
          const [message] = random() < 0.2 ? [inFlight[index]!] : inFlight.splice(index, 1); // or twice
          sync.receive(message!);
        } else if (roll < 0.85) {
          sync.resync();
        } else {
          await new Promise((resolve) => setTimeout(resolve, 1)); // let fetches interleave
        }
      }
      for (const message of inFlight) sync.receive(message);
      sync.resync();
      await sync.settled();
      expect(shown()).toEqual(upTo(db.events.length));
    }
  });
});
