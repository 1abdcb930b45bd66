// `npm run bench:automations`: how fast the automations' doors answer and what the scheduler's
// tick costs, against a real database (DATABASE_URL when set, a fresh database on that server,
// else the embedded one) with pg-boss queueing the runs. Webhook and Sentry deliveries go
// through their route handlers: key or signature checked, conditions read, the firing and its
// run recorded, the run's job queued. Sentry gives a webhook one second. The tick is timed with
// 1,000 scheduled automations, first with none due, then with 100 due (25 fire per tick).
// Prints figures and asserts nothing; record them in docs/benchmarks.md.
import { createHmac } from "node:crypto";
import { performance } from "node:perf_hooks";
import { createFreshDatabase } from "../tests/support/fresh-database";
import { benchPerson, benchRepository } from "./lib/bench-rows";
import { percentile } from "./lib/stats";

const DELIVERIES = 200;
const CONCURRENT = 50;
const SCHEDULED = 1000;
const DUE = 100;
const SENTRY_SECRET = "bench-sentry-client-secret";

const databaseKind = process.env.DATABASE_URL ? "Postgres at DATABASE_URL" : "embedded";
const database = await createFreshDatabase(process.env.DATABASE_URL || undefined);
Object.assign(process.env, {
  DATABASE_URL: database.url,
  LOG_LEVEL: "warn",
  NIGHTSHIFT_SECRETS_KEY: process.env.NIGHTSHIFT_SECRETS_KEY ?? Buffer.alloc(32, 7).toString("base64"),
});
const { getDb } = await import("../server/db");
const { actorFor } = await import("../server/access/actor");
const { createAutomation } = await import("../server/automations/manage-automations");
const { automationFields } = await import("../server/automations/schemas");
const { tickAutomations } = await import("../server/automations/scheduler");
const { stopJobs } = await import("../server/jobs/queue");
const webhookRoute = await import("../app/api/webhooks/automations/[id]/route");
const sentryRoute = await import("../app/api/webhooks/sentry/[id]/route");

const db = getDb();
const user = await benchPerson(db);
const actor = actorFor({ id: user.id, email: user.email, githubLogin: null });
const repository = await benchRepository(db, user.id);
const targets = [{ repositoryId: repository.id }];

const make = async (trigger: unknown) =>
  createAutomation(automationFields.parse({ name: "Bench", instructions: "Bench.", targets, trigger }), actor);
const webhook = await make({
  type: "webhook",
  conditions: [
    { path: "$.deploy.status", comparison: "eq", value: "failed" },
    { path: "$.deploy.attempt", comparison: "gte", value: 1 },
  ],
});
const sentry = await make({ type: "sentry", clientSecret: SENTRY_SECRET });

const ms = (values: number[]) =>
  `p50 ${percentile(values, 50).toFixed(1)} ms, p95 ${percentile(values, 95).toFixed(1)} ms, p99 ${percentile(values, 99).toFixed(1)} ms`;

async function timed(call: () => Promise<Response>): Promise<number> {
  const started = performance.now();
  const response = await call();
  await response.text();
  if (response.status !== 200) throw new Error(`answered ${response.status}`);
  return performance.now() - started;
}

function deliverWebhook(n: number) {
  const body = JSON.stringify({
    deploy: { status: "failed", attempt: 2, service: "api", log: "x".repeat(2000) },
    idempotencyKey: `bench-${n}`,
  });
  return webhookRoute.POST(
    new Request(`http://localhost/api/webhooks/automations/${webhook.id}`, {
      method: "POST",
      headers: { authorization: `Bearer ${webhook.secrets.webhookKey}`, "content-type": "application/json" },
      body,
    }),
    { params: Promise.resolve({ id: webhook.id }) },
  );
}

function deliverSentry(n: number) {
  const body = JSON.stringify({
    action: "created",
    data: { issue: { id: String(9_000_000 + n), title: "TypeError", level: "error", project: { slug: "bench" } } },
  });
  return sentryRoute.POST(
    new Request(`http://localhost/api/webhooks/sentry/${sentry.id}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "sentry-hook-resource": "issue",
        "sentry-hook-timestamp": String(Math.floor(Date.now() / 1000)),
        "sentry-hook-signature": createHmac("sha256", SENTRY_SECRET).update(body).digest("hex"),
      },
      body,
    }),
    { params: Promise.resolve({ id: sentry.id }) },
  );
}

console.log(`automations: route handlers and the tick, ${databaseKind} database, runs queued on pg-boss`);
// The first delivery starts pg-boss's sender: not counted.
await timed(() => deliverWebhook(-1));
const sequential: number[] = [];
for (let n = 0; n < DELIVERIES; n += 1) sequential.push(await timed(() => deliverWebhook(n)));
console.log(`  webhook, ${DELIVERIES} deliveries one after another: ${ms(sequential)}`);
const started = performance.now();
const concurrent = await Promise.all(
  Array.from({ length: CONCURRENT }, (_, n) => timed(() => deliverWebhook(DELIVERIES + n))),
);
console.log(
  `  webhook, ${CONCURRENT} at once: ${ms(concurrent)}, all answered in ${(performance.now() - started).toFixed(0)} ms`,
);
const sentryTimes: number[] = [];
for (let n = 0; n < DELIVERIES; n += 1) sentryTimes.push(await timed(() => deliverSentry(n)));
console.log(`  Sentry, ${DELIVERIES} deliveries one after another: ${ms(sentryTimes)} (Sentry allows 1,000 ms)`);

// 1,000 scheduled automations, written straight to the database.
const far = new Date(Date.now() + 24 * 3_600_000);
for (let batch = 0; batch < SCHEDULED / 100; batch += 1) {
  const ids = Array.from({ length: 100 }, (_, n) => `bench-${batch}-${n}`);
  await db.automation.createMany({
    data: ids.map((id) => ({
      id,
      name: "Bench schedule",
      instructions: "Bench.",
      trigger: "schedule" as const,
      cron: "0 3 * * *",
      ownerId: user.id,
      nextRunAt: far,
    })),
  });
  await db.automationTarget.createMany({
    data: ids.map((id) => ({ automationId: id, repositoryId: repository.id, position: 0 })),
  });
}
const idle: number[] = [];
for (let n = 0; n < 20; n += 1) {
  const at = performance.now();
  await tickAutomations(db);
  idle.push(performance.now() - at);
}
console.log(`  tick with ${SCHEDULED} scheduled automations, none due: ${ms(idle)}`);
await db.automation.updateMany({
  where: { id: { in: Array.from({ length: DUE }, (_, n) => `bench-${Math.floor(n / 100)}-${n % 100}`) } },
  data: { nextRunAt: new Date(Date.now() - 1000) },
});
const busy: number[] = [];
let fired = 0;
while (fired < DUE) {
  const at = performance.now();
  const result = await tickAutomations(db);
  busy.push(performance.now() - at);
  fired += result.fired;
  if (result.fired === 0) break;
}
console.log(`  ticks firing ${fired} due automations: ${busy.length} ticks, ${ms(busy)} each`);

await stopJobs();
await db.$disconnect();
await database.drop();
