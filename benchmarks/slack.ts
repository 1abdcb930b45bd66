// `npm run bench:slack`: how fast the Slack door answers, against a real database (DATABASE_URL
// when set, a fresh database on that server, else the embedded one) with pg-boss queueing the
// work and the fake Slack Web API answering auth.test. Each delivery goes through the route
// handler: signature checked, envelope checked, Bolt's routing, the event id recorded, the job
// queued. Slack gives a request 3 seconds. A reply in a thread that is a session costs a lookup
// more; a retried delivery is answered without acting. Prints figures and asserts nothing; record
// them in docs/benchmarks.md.
import { performance } from "node:perf_hooks";
import { startFakeSlack } from "../tests/fixtures/slack/fake-slack";
import { createFreshDatabase } from "../tests/support/fresh-database";
import { benchPerson, benchRepository } from "./lib/bench-rows";
import { percentile } from "./lib/stats";

const DELIVERIES = 200;
const CONCURRENT = 50;
const SECRET = "bench-slack-signing-secret";

const databaseKind = process.env.DATABASE_URL ? "Postgres at DATABASE_URL" : "embedded";
const database = await createFreshDatabase(process.env.DATABASE_URL || undefined);
const slack = await startFakeSlack();
Object.assign(process.env, {
  DATABASE_URL: database.url,
  LOG_LEVEL: "warn",
  SLACK_BOT_TOKEN: slack.token,
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_API_URL: slack.url,
});
const { getDb } = await import("../server/db");
const { stopJobs } = await import("../server/jobs/queue");
const { eventEnvelope, slackSignature } = await import("../tests/support/slack");
const eventsRoute = await import("../app/api/slack/events/route");

const db = getDb();
const user = await benchPerson(db);
const repository = await benchRepository(db, user.id);
// A session for the thread's replies; nothing runs it.
const session = await db.session.create({
  data: {
    repositoryId: repository.id,
    baseBranch: "main",
    branch: "nightshift/bench",
    model: "custom/bench",
    createdById: user.id,
  },
});
const THREAD = "1796280000.000001";
await db.slackThread.create({
  data: { channel: "C0BENCH001", threadTs: THREAD, sessionId: session.id, lastPromptTs: THREAD },
});

const ms = (values: number[]) =>
  `p50 ${percentile(values, 50).toFixed(1)} ms, p95 ${percentile(values, 95).toFixed(1)} ms, p99 ${percentile(values, 99).toFixed(1)} ms`;

function delivery(n: number, kind: "mention" | "reply", eventId = `EvBENCH${kind}${n}`): string {
  const ts = `1796290000.${String(n + 10).padStart(6, "0")}`;
  const event =
    kind === "mention"
      ? {
          type: "app_mention",
          user: "U0BENCH001",
          text: `<@${slack.bot.userId}> fix the build ${n}`,
          ts,
          channel: "C0BENCH001",
        }
      : {
          type: "message",
          user: "U0BENCH001",
          text: `and also ${n}`,
          ts,
          channel: "C0BENCH001",
          channel_type: "channel",
          thread_ts: THREAD,
        };
  return JSON.stringify(eventEnvelope(slack, event, eventId));
}

async function timed(body: string): Promise<number> {
  const timestamp = Math.floor(Date.now() / 1000);
  const started = performance.now();
  const response = await eventsRoute.POST(
    new Request("http://localhost/api/slack/events", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-slack-request-timestamp": String(timestamp),
        "x-slack-signature": slackSignature(body, timestamp, SECRET),
      },
      body,
    }),
  );
  await response.text();
  if (response.status !== 200) throw new Error(`answered ${response.status}`);
  return performance.now() - started;
}

console.log(`slack: the events route, ${databaseKind} database, work queued on pg-boss`);
// The first delivery starts pg-boss's sender and asks auth.test: not counted.
await timed(delivery(-1, "mention"));
const mentions: number[] = [];
for (let n = 0; n < DELIVERIES; n += 1) mentions.push(await timed(delivery(n, "mention")));
console.log(`  mentions, ${DELIVERIES} one after another: ${ms(mentions)} (Slack allows 3,000 ms)`);
const replies: number[] = [];
for (let n = 0; n < DELIVERIES; n += 1) replies.push(await timed(delivery(n, "reply")));
console.log(`  replies in a session's thread, ${DELIVERIES} one after another: ${ms(replies)}`);
const retries: number[] = [];
for (let n = 0; n < DELIVERIES; n += 1) retries.push(await timed(delivery(n, "mention")));
console.log(`  Slack's retries of those mentions (acted on once): ${ms(retries)}`);
const started = performance.now();
const concurrent = await Promise.all(
  Array.from({ length: CONCURRENT }, (_, n) => timed(delivery(DELIVERIES + n, "mention"))),
);
console.log(
  `  mentions, ${CONCURRENT} at once: ${ms(concurrent)}, all answered in ${(performance.now() - started).toFixed(0)} ms`,
);
console.log(
  `  event ids recorded: ${await db.slackEvent.count()} (${2 * DELIVERIES + CONCURRENT + 1} distinct events sent)`,
);

await stopJobs();
await db.$disconnect();
await slack.close();
await database.drop();
