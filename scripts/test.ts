// `npm test`: the unit and integration tests, then the end-to-end tests in Debian's Chromium
// against a fresh production build on embedded defaults. A test that needs what this machine
// lacks is skipped with one line saying why: the end-to-end tests without `chromium` on PATH
// (or CHROMIUM_PATH), the sandbox isolation test without bubblewrap — unless CI is set, where
// anything missing fails the run. Ends with one line: "tests: N passed, N failed, N skipped",
// the skipped ones counted by what they needed.
//
// `npm test -- <vitest arguments>` runs vitest with those arguments instead, e.g.
// `npm test -- tests/unit` or `npm test -- --project integration -t "duplicate"`.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { chromiumSearchDescription, findChromium } from "./lib/find-program";

const require = createRequire(import.meta.url);
const vitestBin = path.join(path.dirname(require.resolve("vitest/package.json")), "vitest.mjs");
const nextBin = require.resolve("next/dist/bin/next");
const isCi = Boolean(process.env.CI) && process.env.CI !== "false";
const resultsDir = mkdtempSync(path.join(os.tmpdir(), "nightshift-test-results-"));

type Counts = { passed: number; failed: number; skipped: number };
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
/** Skipped tests by what they needed ("Chromium", "bubblewrap", or "no reason given"). */
const skippedFor = new Map<string, number>();
let isFailed = false;

const extraArgs = process.argv.slice(2);
if (extraArgs.length > 0) process.exit(run(process.execPath, [vitestBin, "run", ...extraArgs]));

runVitest("unit-integration", ["--project", "unit", "--project", "integration"]);

const chromium = findChromium();
if (!chromium) {
  if (isCi) {
    console.error(
      `e2e: FAILED — no Chromium ${chromiumSearchDescription()}; CI needs it (apt-get install chromium fonts-liberation).`,
    );
    isFailed = true;
  } else {
    const count = countE2eTests();
    console.log(
      `e2e: not run — no Chromium ${chromiumSearchDescription()} (install Debian's chromium package to run ${count ?? "the"} end-to-end tests).`,
    );
    if (count) skip("Chromium", count);
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
console.log(`\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped${skippedSummary()}`);
process.exit(isFailed || total.failed > 0 ? 1 : 0);

type JsonReport = {
  numPassedTests: number;
  numFailedTests: number;
  testResults: {
    name: string;
    assertionResults: {
      fullName: string;
      status: string;
      meta?: { skipped?: { needs: string; reason: string } };
    }[];
  }[];
};

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
  const report = JSON.parse(readFileSync(outputFile, "utf8")) as JsonReport;
  total.passed += report.numPassedTests;
  total.failed += report.numFailedTests;
  for (const file of report.testResults) {
    for (const test of file.assertionResults) {
      if (!["skipped", "pending", "todo"].includes(test.status)) continue;
      const why = test.meta?.skipped;
      console.log(
        `skipped: ${path.relative(process.cwd(), file.name)} › ${test.fullName} — ${why?.reason ?? "no reason given"}`,
      );
      skip(why?.needs ?? "no reason given", 1);
    }
  }
}

function skip(reason: string, count: number): void {
  total.skipped += count;
  skippedFor.set(reason, (skippedFor.get(reason) ?? 0) + count);
}

/** " (27 need Chromium, 1 needs bubblewrap)", or nothing when nothing was skipped. */
function skippedSummary(): string {
  if (skippedFor.size === 0) return "";
  const parts = [...skippedFor].map(([reason, count]) =>
    reason === "no reason given"
      ? `${count} for no reason given`
      : `${count} ${count === 1 ? "needs" : "need"} ${reason}`,
  );
  return ` (${parts.join(", ")})`;
}

/** How many end-to-end tests there are, without running them; undefined if vitest cannot list them. */
function countE2eTests(): number | undefined {
  const listing = spawnSync(process.execPath, [vitestBin, "list", "--project", "e2e", "--json"], {
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  try {
    const tests = JSON.parse(listing.stdout) as unknown[];
    return Array.isArray(tests) ? tests.length : undefined;
  } catch {
    return undefined;
  }
}

function run(command: string, args: string[]): number {
  return spawnSync(command, args, { stdio: "inherit" }).status ?? 1;
}
