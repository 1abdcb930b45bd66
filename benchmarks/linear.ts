// `npm run bench:linear`: how fast the Linear door answers, and how soon Linear sees the agent's
// first activity, against a real database (DATABASE_URL when set, a fresh database on that
// server, else the embedded one) with pg-boss running the linear-agent job and the fake Linear
// API answering. Each delivery goes through the route handler: signature and signed timestamp
// checked by @linear/sdk, the payload checked, the delivery id recorded, the job queued. Linear
// wants the first activity within 10 seconds. Prints figures and asserts nothing; record them in
// docs/benchmarks.md.
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { startFakeLinear } from "../tests/fixtures/linear/fake-linear";
import { agentSessionEventPayload, linearWebhookHeaders } from "../tests/fixtures/linear/webhooks";
import { createFreshDatabase } from "../tests/support/fresh-database";
import { percentile } from "./lib/stats";

const DELIVERIES = 200;
const CONCURRENT = 50;
const FIRST_ACTIVITIES = 30;

const databaseKind = process.env.DATABASE_URL ? "Postgres at DATABASE_URL" : "embedded";
const database = await createFreshDatabase(process.env.DATABASE_URL || undefined);
const linear = await startFakeLinear();
Object.assign(process.env, {
  DATABASE_URL: database.url,
  LOG_LEVEL: "error",
  NIGHTSHIFT_SECRETS_KEY: process.env.NIGHTSHIFT_SECRETS_KEY ?? Buffer.alloc(32, 7).toString("base64"),
  LINEAR_CLIENT_ID: linear.clientId,
  LINEAR_CLIENT_SECRET: linear.clientSecret,
  LINEAR_WEBHOOK_SECRET: linear.webhookSecret,
  LINEAR_API_URL: linear.url,
});
const { getDb } = await import("../server/db");
const { startJobs, stopJobs } = await import("../server/jobs/queue");
const { linearAgentJob } = await import("../server/jobs/functions/linear-agent");
const { installInFakeLinear } = await import("../tests/support/linear");
const webhookRoute = await import("../app/api/webhooks/linear/route");

const db = getDb();
await installInFakeLinear(linear);
const issue = linear.createIssue({ title: "Bench the door" });
const creatorId = linear.users[0]!.id;

const ms = (values: number[]) =>
  `p50 ${percentile(values, 50).toFixed(1)} ms, p95 ${percentile(values, 95).toFixed(1)} ms, p99 ${percentile(values, 99).toFixed(1)} ms`;

const created = () =>
  JSON.stringify(
    agentSessionEventPayload(linear, { action: "created", agentSessionId: randomUUID(), issueId: issue.id, creatorId }),
  );

async function timed(body: string, deliveryId: string = randomUUID()): Promise<number> {
  const started = performance.now();
  const response = await webhookRoute.POST(
    new Request("http://localhost/api/webhooks/linear", {
      method: "POST",
      headers: linearWebhookHeaders(body, linear.webhookSecret, deliveryId),
      body,
    }),
  );
  await response.text();
  if (response.status !== 200) throw new Error(`answered ${response.status}`);
  return performance.now() - started;
}

console.log(`linear: the webhook route, ${databaseKind} database, work queued on pg-boss`);
// The first delivery starts pg-boss's sender: not counted.
await timed(created());
const deliveries: { body: string; id: string }[] = [];
const firsts: number[] = [];
for (let n = 0; n < DELIVERIES; n += 1) {
  const body = created();
  const id = randomUUID();
  deliveries.push({ body, id });
  firsts.push(await timed(body, id));
}
console.log(`  hand-overs, ${DELIVERIES} one after another: ${ms(firsts)}`);
const repeats: number[] = [];
for (const { body, id } of deliveries) repeats.push(await timed(body, id));
console.log(`  redeliveries of those (acted on once): ${ms(repeats)}`);
const started = performance.now();
const concurrent = await Promise.all(Array.from({ length: CONCURRENT }, () => timed(created())));
console.log(
  `  hand-overs, ${CONCURRENT} at once: ${ms(concurrent)}, all answered in ${(performance.now() - started).toFixed(0)} ms`,
);

// With the job's workers running: from the delivery to the first activity Linear holds.
await stopJobs();
await db.linearDelivery.deleteMany();
await startJobs({ jobs: [linearAgentJob], schema: `bench_linear_${randomUUID().slice(0, 8)}` });
const toFirst: number[] = [];
for (let n = 0; n < FIRST_ACTIVITIES; n += 1) {
  const agentSessionId = randomUUID();
  const body = JSON.stringify(
    agentSessionEventPayload(linear, { action: "created", agentSessionId, issueId: issue.id, creatorId }),
  );
  const sent = performance.now();
  await timed(body);
  while (!linear.agentSessions.get(agentSessionId)?.activities.length)
    await new Promise((resolve) => setTimeout(resolve, 5));
  toFirst.push(performance.now() - sent);
}
console.log(
  `  delivery to the first activity in Linear, ${FIRST_ACTIVITIES} one after another: ${ms(toFirst)} (Linear allows 10,000 ms)`,
);
console.log(`  delivery ids recorded: ${await db.linearDelivery.count()}`);

await stopJobs();
await db.$disconnect();
await linear.close();
await database.drop();
