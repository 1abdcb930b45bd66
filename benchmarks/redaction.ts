// `npm run bench:redaction`: what replacing secret values costs on the event path. Every batch a
// sandbox sends is walked for every secret value before it is stored (server/secrets/redact.ts).
// Measures batches of streamed tokens and of large tool outputs against 0, 10 and 50 secrets (the
// per-scope limit, times the two scopes a sandbox merges, is 100). Prints figures and asserts
// nothing; record them in docs/benchmarks.md.
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { redact } from "../server/secrets/redact";

type Event = { type: string; data: Record<string, unknown> };

const tokenBatch: Event[] = Array.from({ length: 50 }, (_, index) => ({
  type: "token",
  data: { partId: "p1", text: `word${index} ` },
}));
const toolBatch: Event[] = Array.from({ length: 5 }, () => ({
  type: "tool_call",
  data: {
    tool: "bash",
    callId: "c",
    status: "completed",
    input: { command: "npm test" },
    output: randomBytes(6_000).toString("base64"),
  },
}));

function secrets(count: number) {
  return Array.from({ length: count }, (_, index) => ({
    name: `SECRET_${index}`,
    value: randomBytes(24).toString("base64url"),
  })).sort((a, b) => b.value.length - a.value.length);
}

function measure(label: string, batch: Event[], count: number): void {
  const redactor = secrets(count);
  const rounds = 2_000;
  for (let round = 0; round < 200; round++) redact({ batch: round, events: batch }, redactor);
  const started = performance.now();
  for (let round = 0; round < rounds; round++) redact({ batch: round, events: batch }, redactor);
  const perBatch = (performance.now() - started) / rounds;
  const bytes = Buffer.byteLength(JSON.stringify(batch));
  console.log(
    `${label.padEnd(34)} ${String(count).padStart(3)} secrets: ${(perBatch * 1000).toFixed(1).padStart(7)} µs per batch, ${Math.round(
      (batch.length / perBatch) * 1000,
    )
      .toLocaleString("en-US")
      .padStart(10)} events/s (${bytes.toLocaleString("en-US")} bytes)`,
  );
}

for (const count of [0, 10, 50, 100]) measure("50 streamed tokens", tokenBatch, count);
for (const count of [0, 10, 50, 100]) measure("5 tool outputs of 8 KB", toolBatch, count);
