// `npm run bench:follow`: what following a session with long polling costs and how late it is —
// the way the GitHub Action and the command line follow a prompt (GET /api/v1/sessions/{id}/events
// with wait=20, through the route handler, a personal API token and a real database: DATABASE_URL
// when set, a fresh database on that server, else the embedded one). For 1, 25 and 100 followers
// of one session: how long after an event is appended each follower has it (an event a second
// for 20 s), and how many requests a follower makes per minute while nothing happens. Prints
// figures and asserts nothing; record them in docs/benchmarks.md.
import { performance } from "node:perf_hooks";
import { createFreshDatabase } from "../tests/support/fresh-database";
import { benchPerson, benchRepository, benchSession } from "./lib/bench-rows";
import { percentile } from "./lib/stats";

const FOLLOWER_COUNTS = [1, 25, 100];
const EVENTS = 20;
const IDLE_MS = 45_000;

const databaseKind = process.env.DATABASE_URL ? "Postgres at DATABASE_URL" : "embedded";
const database = await createFreshDatabase(process.env.DATABASE_URL || undefined);
Object.assign(process.env, { DATABASE_URL: database.url, LOG_LEVEL: "warn" });
const { getDb } = await import("../server/db");
const { createApiToken } = await import("../server/api-tokens/api-tokens");
const { appendEvents } = await import("../server/events/append-events");
const eventsRoute = await import("../app/api/v1/sessions/[id]/events/route");

const db = getDb();
const user = await benchPerson(db);
const { token } = await createApiToken({ userId: user.id, name: "bench" });
const repository = await benchRepository(db, user.id);

/** One follower: long-polls from `after` until stopped, noting when each event arrived and how many requests it made. */
function follow(sessionId: string, arrivals: Map<number, number[]>, stop: { now: boolean }) {
  let requests = 0;
  const done = (async () => {
    let after = 0;
    while (!stop.now) {
      requests += 1;
      const response = await eventsRoute.GET(
        new Request(`http://localhost/api/v1/sessions/${sessionId}/events?after=${after}&wait=20&limit=500`, {
          headers: { authorization: `Bearer ${token}` },
        }),
        { params: Promise.resolve({ id: sessionId }) },
      );
      const page = (await response.json()) as { events: Array<{ seq: number }> };
      const at = performance.now();
      for (const event of page.events) {
        after = event.seq;
        arrivals.get(event.seq)?.push(at);
      }
    }
  })();
  return { done, requests: () => requests };
}

console.log(`follow: long polling (wait=20) through GET /api/v1/sessions/{id}/events, ${databaseKind} database`);
for (const count of FOLLOWER_COUNTS) {
  const session = await benchSession(db, repository.id, user.id);
  const arrivals = new Map<number, number[]>();
  const appendedAt = new Map<number, number>();
  const stop = { now: false };
  const followers = Array.from({ length: count }, () => follow(session.id, arrivals, stop));
  await new Promise((resolve) => setTimeout(resolve, 1_000));

  for (let index = 0; index < EVENTS; index += 1) {
    const seq = index + 1;
    arrivals.set(seq, []);
    await appendEvents({ sessionId: session.id, events: [{ type: "warning", data: { message: `event ${seq}` } }] });
    appendedAt.set(seq, performance.now());
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  const delays = [...arrivals].flatMap(([seq, times]) => times.map((at) => Math.max(0, at - appendedAt.get(seq)!)));
  const missing = EVENTS * count - delays.length;

  // Nothing happens: each follower waits, asking again every 20 s.
  const before = followers.reduce((sum, follower) => sum + follower.requests(), 0);
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const idleRequests = followers.reduce((sum, follower) => sum + follower.requests(), 0) - before;
  stop.now = true;
  await appendEvents({ sessionId: session.id, events: [{ type: "warning", data: { message: "the end" } }] });
  await Promise.all(followers.map((follower) => follower.done));

  console.log(
    `  ${String(count).padStart(3)} follower(s): event to follower p50 ${Math.round(percentile(delays, 50))} ms, p95 ${Math.round(percentile(delays, 95))} ms, max ${Math.round(Math.max(...delays))} ms${missing ? ` (${missing} never arrived)` : ""}; idle ${((idleRequests / count) * (60_000 / IDLE_MS)).toFixed(1)} requests a minute per follower`,
  );
}
await db.$disconnect();
await database.drop();
