// Compares two package-lock.json files and prints what really differs: a package added, removed
// or at another version, or the root's declared dependencies changed. What a registry serves
// differently from one day to the next is not drift: optional packages (other platforms' builds
// such as `@next/swc-*` and `@tailwindcss/oxide-*`) that one registry serves and another does not,
// and the inert placeholders npm writes for an optional package it could not fetch.
// Exit code 0: no drift; 1: drift (listed on stderr); 2: usage.
//
// Plain Node with no dependencies: `.ci/run` runs it before anything is installed.
//
//   node scripts/lock-drift.mjs <committed lock> <lock after npm install>
import { readFileSync } from "node:fs";

const [beforeFile, afterFile] = process.argv.slice(2);
if (!beforeFile || !afterFile) {
  console.error(
    "Usage: node scripts/lock-drift.mjs <committed package-lock.json> <package-lock.json after npm install>",
  );
  process.exit(2);
}

const before = JSON.parse(readFileSync(beforeFile, "utf8")).packages ?? {};
const after = JSON.parse(readFileSync(afterFile, "utf8")).packages ?? {};

/**
 * An optional package present in one lock only: whether a registry serves another platform's build
 * (or a WebAssembly fallback with its bundled helpers) changes from day to day, and npm writes
 * inert placeholders (no version) for the ones it could not fetch. Nothing needs them to run here.
 */
const isOptional = (entry) => entry?.optional === true;

/** Where a package is installed, without the folders npm nests it under (placeholders are nested). */
const nameOf = (path) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);

const problems = [];
const root = (lock) => JSON.stringify({ ...lock[""], version: undefined });
if (root(before) !== root(after)) problems.push("the root package's dependencies differ from package.json's");

for (const path of new Set([...Object.keys(before), ...Object.keys(after)])) {
  if (path === "") continue;
  const was = before[path];
  const is = after[path];
  if (was?.version === is?.version && was?.resolved === is?.resolved && was?.integrity === is?.integrity) continue;
  if ((!was || !is) && isOptional(was ?? is)) continue;
  if (isOptional(was) && isOptional(is) && (!was.version || !is.version)) continue;
  if (!was) problems.push(`${nameOf(path)}@${is.version} is missing from the committed lock`);
  else if (!is) problems.push(`${nameOf(path)}@${was.version} is in the committed lock but no longer needed`);
  else problems.push(`${nameOf(path)} is ${was.version} in the committed lock, ${is.version} now`);
}

if (problems.length > 0) {
  console.error(`package-lock.json is out of date (${problems.length} difference${problems.length === 1 ? "" : "s"}):`);
  for (const problem of problems.slice(0, 40)) console.error(`  - ${problem}`);
  if (problems.length > 40) console.error(`  … and ${problems.length - 40} more`);
  console.error("Run `npm install` and commit package-lock.json.");
  process.exit(1);
}
