// bench:boot's figures: each mode's times, printed as they are measured and again as a table at
// the end, with where the time went.
import { percentile } from "./stats";

/** One prompt's time, split: until its command was written, until the bridge began it, until the model call. */
export type Stages = { dispatched: number; taken: number; agent: number };
export type Figure = { mode: string; how: string; values: number[]; failed: string[]; stages?: Stages[] };

const figures: Figure[] = [];

const describe = ({ mode, how, values, failed }: Figure) =>
  `${mode.padEnd(32)} ${how.padEnd(20)} ${[50, 95, 99].map((p) => String(percentile(values, p)).padStart(7)).join(" ")}${
    failed.length > 0 ? `  (${failed.length} failed: ${[...new Set(failed)].join("; ")})` : ""
  }`;

/** Keeps a mode's figures and prints them at once, so a run cut short still says what it measured. */
export function record(figure: Figure): void {
  figures.push(figure);
  console.log(describe(figure));
}

/** The times of the prompts that completed, and why the others did not (the machine's limits show here). */
export async function settle(runs: Array<Promise<number>>): Promise<{ values: number[]; failed: string[] }> {
  const results = await Promise.allSettled(runs);
  return {
    values: results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : [])),
    failed: results.flatMap((result) =>
      result.status === "rejected"
        ? [String(result.reason instanceof Error ? result.reason.message : result.reason)]
        : [],
    ),
  };
}

/** Every mode's figures as one table, then where the time went. */
export function printFigures(heading: string): void {
  console.log(heading);
  console.log(
    `${"mode".padEnd(32)} ${"runs".padEnd(20)} ${"p50".padStart(7)} ${"p95".padStart(7)} ${"p99".padStart(7)}`,
  );
  for (const figure of figures) console.log(describe(figure));
  console.log("where the time went, p50 of the runs one after another (ms):");
  for (const { mode, stages: parts } of figures) {
    if (!parts?.length) continue;
    const median = (key: keyof Stages) =>
      percentile(
        parts.map((part) => part[key]),
        50,
      );
    console.log(
      `  ${mode.padEnd(30)} queued → command ${median("dispatched")}, command → bridge began ${median("taken")}, began → model call ${median("agent")}`,
    );
  }
}
