// `npm run bench:startup [runs]`: how long Nightshift takes to start and how much memory it
// holds. Prints figures and asserts nothing; record them in docs/benchmarks.md.
//   - embedded database: start + migrations, on a fresh data directory and on an existing one;
//   - `npm start` and `npm run dev`: command to the first 200 of /sign-in, fresh and existing
//     data, and the resident memory of the whole process tree after signing-in page loads.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startEmbeddedDatabase } from "../server/database/embedded";
import { applyMigrations } from "../server/database/migrate";
import { descendantsOf, freePort, startApp } from "./lib/app-process";

const runs = Number(process.argv[2] ?? 3);
type Figures = Record<string, number[]>;
const figures: Figures = {};
const record = (name: string, value: number) => (figures[name] ??= []).push(value);

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

async function residentMiB(rootPid: number): Promise<number> {
  let kib = 0;
  for (const pid of [rootPid, ...descendantsOf(rootPid)]) {
    const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
    kib += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  }
  return kib / 1024;
}

async function benchEmbeddedDatabase(dir: string): Promise<void> {
  const dataDir = path.join(dir, "db");
  for (const label of ["fresh", "existing"]) {
    const [database, ms] = await timed(async () => {
      const started = await startEmbeddedDatabase({ dataDir });
      await applyMigrations({ connectionString: started.url });
      return started;
    });
    record(`embedded database start + migrations, ${label} data (ms)`, ms);
    await database.stop();
  }
}

async function benchApp(dir: string, mode: "start" | "dev"): Promise<void> {
  const dataDir = path.join(dir, `${mode}-data`);
  const command = mode === "start" ? "npm start" : "npm run dev";
  for (const label of ["fresh", "existing"]) {
    const port = await freePort();
    const [app, ms] = await timed(() => startApp({ dataDir, port, mode, readyPath: "/sign-in" }));
    record(`${command}: command to sign-in page, ${label} data (ms)`, ms);
    for (let index = 0; index < 5; index++) await fetch(`${app.url}/sign-in`).then((response) => response.text());
    record(`${command}: resident memory of the process tree, ${label} data (MiB)`, await residentMiB(app.pid));
    await app.stop();
  }
}

function summary(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  return `median ${median.toFixed(0).padStart(6)}   min ${sorted[0]?.toFixed(0).padStart(6)}   max ${sorted.at(-1)?.toFixed(0).padStart(6)}   (n=${values.length})`;
}

if (!existsSync(".next/BUILD_ID")) {
  console.error(
    "No production build: run `npm run build` first (npm start would build, and that is not what is measured).",
  );
  process.exit(1);
}
console.log(
  `node ${process.version}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; ${runs} runs\n`,
);
for (let run = 0; run < runs; run++) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "nightshift-bench-"));
  try {
    await benchEmbeddedDatabase(dir);
    await benchApp(dir, "start");
    await benchApp(dir, "dev");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
const width = Math.max(...Object.keys(figures).map((name) => name.length));
for (const [name, values] of Object.entries(figures)) console.log(`${name.padEnd(width)}  ${summary(values)}`);
