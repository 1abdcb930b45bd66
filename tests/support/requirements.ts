// What a few tests need of the machine beyond `npm install`. Where it is missing, such a test is
// skipped and says why (`npm test` prints one line for it) — except under CI=true, where it fails:
// CI installs everything (.ci/run), so a missing tool there is a broken machine, not a choice.
import { spawnSync } from "node:child_process";
import type { TestContext } from "vitest";

declare module "vitest" {
  // Declaration merging into vitest's own interface needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  export interface TaskMeta {
    /** Why the test was skipped; scripts/test.ts prints it. `needs` names what was missing. */
    skipped?: { needs: string; reason: string };
  }
}

export type Requirement = { name: string; isMet: () => boolean; missing: string };

/** bubblewrap, found on PATH exactly as the local sandbox provider finds it. */
export const bubblewrap: Requirement = {
  name: "bubblewrap",
  isMet: () => spawnSync("bwrap", ["--version"], { stdio: "ignore" }).status === 0,
  missing: "bubblewrap (bwrap) is not on PATH; apt-get install bubblewrap",
};

const isCi = Boolean(process.env.CI) && process.env.CI !== "false";

/** Call first in a test: returns when `requirement` is met, else skips the test (fails it under CI). */
export function needs(context: TestContext, requirement: Requirement): void {
  if (requirement.isMet()) return;
  if (isCi) throw new Error(`${requirement.missing} — CI=true runs every test, so this one fails instead of skipping.`);
  context.task.meta.skipped = { needs: requirement.name, reason: requirement.missing };
  context.skip(`needs ${requirement.name}: ${requirement.missing}`);
}
