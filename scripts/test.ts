// `npm test`: the unit and integration tests, then the end-to-end tests in Debian's Chromium
// against a fresh production build on embedded defaults. Without Chromium the end-to-end part
// is skipped with one line — unless CI is set, where a missing Chromium fails the run. Ends
// with one line: "tests: N passed, N failed, N skipped".
//
// `npm test -- <vitest arguments>` runs vitest with those arguments instead, e.g.
// `npm test -- tests/unit` or `npm test -- --project integration -t "duplicate"`.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

const require = createRequire(import.meta.url);
const vitestBin = path.join(path.dirname(require.resolve("vitest/package.json")), "vitest.mjs");
const nextBin = require.resolve("next/dist/bin/next");
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const isCi = Boolean(process.env.CI) && process.env.CI !== "false";
const resultsDir = mkdtempSync(path.join(os.tmpdir(), "nightshift-test-results-"));

type Counts = { passed: number; failed: number; skipped: number };
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
let isFailed = false;

const extraArgs = process.argv.slice(2);
if (extraArgs.length > 0) process.exit(run(process.execPath, [vitestBin, "run", ...extraArgs]));

runVitest("unit-integration", ["--project", "unit", "--project", "integration"]);

if (!existsSync(chromiumPath)) {
  if (isCi) {
    console.error(
      `e2e: FAILED — no Chromium at ${chromiumPath}; CI needs it (apt-get install chromium fonts-liberation).`,
    );
    isFailed = true;
  } else {
    console.log(`e2e: not run — no Chromium at ${chromiumPath} (install Debian's chromium package to run them).`);
  }
} else {
  console.log("e2e: building the app (next build)…");
  const build = spawnSync(process.execPath, [nextBin, "build"], {
    encoding: "utf8",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status === 0) {
    runVitest("e2e", ["--project", "e2e"]);
  } else {
    console.error(`e2e: FAILED — next build exited with ${build.status}:\n${build.stdout}\n${build.stderr}`);
    isFailed = true;
  }
}

rmSync(resultsDir, { recursive: true, force: true });
console.log(`\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(isFailed || total.failed > 0 ? 1 : 0);

function runVitest(name: string, args: string[]): void {
  const outputFile = path.join(resultsDir, `${name}.json`);
  const status = run(process.execPath, [
    vitestBin,
    "run",
    ...args,
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${outputFile}`,
  ]);
  if (status !== 0) isFailed = true;
  if (!existsSync(outputFile)) {
    isFailed = true;
    return;
  }
  const report = JSON.parse(readFileSync(outputFile, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  total.passed += report.numPassedTests;
  total.failed += report.numFailedTests;
  total.skipped += report.numPendingTests + report.numTodoTests;
}

function run(command: string, args: string[]): number {
  return spawnSync(command, args, { stdio: "inherit" }).status ?? 1;
}
