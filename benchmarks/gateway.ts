// `npm run bench:gateway`: what the model gateway adds to a model call. The fake model server
// (tests/fixtures/fake-model) answers chat completions; each measurement calls it directly and
// through the gateway's route handler served over HTTP on loopback, as OpenCode in a sandbox
// does: time to the first byte of a streamed answer, the whole streamed answer, and 20 streams at
// once; then through the gateway again with every budget set (high enough never to be reached).
// The gateway's own work — checking the token, finding the provider and its key, checking the
// budgets, recording the call — runs against a real database: DATABASE_URL when set (a fresh database is created on
// that server), else the embedded one. Prints figures and asserts nothing; record them in
// docs/benchmarks.md.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { createFreshDatabase } from "../tests/support/fresh-database";
import { startFakeModelServer } from "../tests/fixtures/fake-model/server";
import { benchPerson, benchRepository, benchSession } from "./lib/bench-rows";
import { percentile } from "./lib/stats";

const ROUNDS = 300;
const CONCURRENT = 20;

const databaseKind = process.env.DATABASE_URL ? "Postgres at DATABASE_URL" : "embedded";
const database = await createFreshDatabase(process.env.DATABASE_URL || undefined);
const model = await startFakeModelServer();
Object.assign(process.env, {
  DATABASE_URL: database.url,
  NIGHTSHIFT_MODEL_BASE_URL: model.url,
  NIGHTSHIFT_MODEL_NAMES: "fake-coder",
  NIGHTSHIFT_MODEL_API_KEY: "sk-bench-0123456789",
  NIGHTSHIFT_SECRETS_KEY: randomBytes(32).toString("base64"),
  LOG_LEVEL: "warn",
});
const { getDb } = await import("../server/db");
const { forwardModelCall } = await import("../server/models/gateway/gateway");
const { callsRecorded } = await import("../server/models/gateway/record-call");
const { hashToken } = await import("../server/security/tokens");

// A person, a repository row, a session and a live sandbox with its gateway token.
const db = getDb();
const token = `nsg_${randomBytes(16).toString("hex")}`;
const user = await benchPerson(db);
const repository = await benchRepository(db, user.id);
const session = await benchSession(db, repository.id, user.id);
await db.sandbox.create({
  data: {
    sessionId: session.id,
    provider: "local",
    status: "ready",
    bootMode: "fresh",
    tokenHash: hashToken(`nss_${token}`),
    gatewayTokenHash: hashToken(token),
  },
});

// The route handler over HTTP, streaming as Next.js does.
const gateway = createServer((req: IncomingMessage, res: ServerResponse) => {
  void (async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const aborted = new AbortController();
    res.on("close", () => aborted.abort());
    const match = /^\/api\/sandbox\/models\/([^/]+)\/(.+)$/.exec(req.url ?? "")!;
    const response = await forwardModelCall(
      new Request(`http://127.0.0.1${req.url}`, {
        method: "POST",
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks),
        signal: aborted.signal,
      }),
      { provider: match[1]!, path: match[2]!.split("/") },
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    const reader = response.body!.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) res.write(chunk.value);
    res.end();
  })();
});
await new Promise<void>((resolve) => gateway.listen(0, "127.0.0.1", resolve));
const gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/api/sandbox/models/custom`;

const WORDS = Array.from({ length: 200 }, (_, index) => `word${index}`).join(" ");
const body = JSON.stringify({
  model: "fake-coder",
  stream: true,
  stream_options: { include_usage: true },
  messages: [{ role: "user", content: "Say many words" }],
});

/** One streamed call: milliseconds to the first byte of the answer, and to its end. */
async function call(base: string, key: string): Promise<{ firstByte: number; whole: number }> {
  const started = performance.now();
  const response = await fetch(`${base}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body,
  });
  const reader = response.body!.getReader();
  await reader.read();
  const firstByte = performance.now() - started;
  while (!(await reader.read()).done);
  return { firstByte, whole: performance.now() - started };
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

async function sequential(label: string, base: string, key: string) {
  for (let round = 0; round < 30; round++) await call(base, key); // warm-up
  const firstBytes: number[] = [];
  const wholes: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    model.script([{ text: WORDS }]);
    const { firstByte, whole } = await call(base, key);
    firstBytes.push(firstByte);
    wholes.push(whole);
  }
  console.log(
    `${label.padEnd(8)} first byte median ${ms(percentile(firstBytes, 50))}, p95 ${ms(percentile(firstBytes, 95))}; ` +
      `whole stream (200 words) median ${ms(percentile(wholes, 50))}, p95 ${ms(percentile(wholes, 95))}`,
  );
  return { firstByte: percentile(firstBytes, 50), whole: percentile(wholes, 50) };
}

async function concurrent(label: string, base: string, key: string) {
  model.script(Array.from({ length: CONCURRENT * 15 }, () => ({ text: WORDS })));
  const started = performance.now();
  let calls = 0;
  await Promise.all(
    Array.from({ length: CONCURRENT }, async () => {
      for (let round = 0; round < 15; round++) {
        await call(base, key);
        calls += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${label.padEnd(8)} ${CONCURRENT} streams at once: ${(calls / seconds).toFixed(0)} streamed answers (200 words) a second`,
  );
}

console.log(`database: ${databaseKind}; ${ROUNDS} calls each`);
const direct = await sequential("direct", model.url, "sk-bench-0123456789");
const viaGateway = await sequential("gateway", gatewayUrl, token);
console.log(
  `added at the median: ${ms(viaGateway.firstByte - direct.firstByte)} to the first byte, ${ms(viaGateway.whole - direct.whole)} to the whole stream`,
);
await concurrent("direct", model.url, "sk-bench-0123456789");
await concurrent("gateway", gatewayUrl, token);

// Every budget set: the gateway then also sums what each limit counts before the call.
const HIGH = 1_000_000_000_000n;
const limits = { sessionBudgetMicros: HIGH, personDailyBudgetMicros: HIGH, personMonthlyBudgetMicros: HIGH };
await db.instanceSettings.upsert({ where: { id: "instance" }, create: { id: "instance", ...limits }, update: limits });
await db.repositorySettings.create({ data: { repositoryId: repository.id, monthlyBudgetMicros: HIGH } });
await db.session.update({ where: { id: session.id }, data: { budgetMicros: HIGH } });
const budgeted = await sequential("budgets", gatewayUrl, token);
console.log(
  `added at the median with every budget set: ${ms(budgeted.firstByte - direct.firstByte)} to the first byte, ${ms(budgeted.whole - direct.whole)} to the whole stream`,
);
await callsRecorded();
console.log(`calls recorded: ${await db.modelCall.count({ where: { sessionId: session.id } })}`);

gateway.close();
await model.close();
await db.$disconnect();
await database.drop();
