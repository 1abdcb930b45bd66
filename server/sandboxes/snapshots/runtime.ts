// What a snapshot was made by, and whether this runtime can restore it. A snapshot holds OpenCode's
// own data (its sessions) and the bridge's files in the sandbox's home: OpenCode migrates its data
// forwards, never backwards, and a change to what the bridge keeps there is a new format. So a
// snapshot restores only into the same format and the same or a newer OpenCode; any other is
// retired rather than restored into a broken sandbox. docs/sessions.md#snapshots.
import { readFileSync } from "node:fs";
import path from "node:path";

/** Bumped when what a snapshot holds, or where, changes. */
export const SNAPSHOT_FORMAT = 1;

export type SandboxRuntime = { format: number; opencodeVersion: string };

export const runtimeVersionOf = (runtime: SandboxRuntime) => `${runtime.format}/${runtime.opencodeVersion}`;

/** The OpenCode npm installed here: what the local provider's sandboxes run. */
export function installedOpencodeVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(path.resolve("node_modules/opencode-ai/package.json"), "utf8")) as {
      version?: unknown;
    };
    return typeof manifest.version === "string" ? manifest.version : "unknown";
  } catch {
    return "unknown";
  }
}

/** null when `version` (a snapshot's runtimeVersion) restores into `current`; else why not, in words. */
export function whyNotRestorable(version: string, current: SandboxRuntime): string | null {
  const [format, opencodeVersion = ""] = version.split("/");
  if (Number(format) !== current.format)
    return `it was made in snapshot format ${format}, and this runtime reads format ${current.format}`;
  const order = compareVersions(opencodeVersion, current.opencodeVersion);
  if (order === null)
    return `its OpenCode version (${opencodeVersion || "none"}) cannot be compared with ${current.opencodeVersion}`;
  if (order > 0)
    return `it was made by OpenCode ${opencodeVersion}, newer than this runtime's ${current.opencodeVersion}`;
  return null;
}

/** Orders two x.y.z versions (a pre-release suffix is ignored); null when either is not one. */
export function compareVersions(a: string, b: string): number | null {
  const parse = (value: string) => /^(\d+)\.(\d+)\.(\d+)/.exec(value)?.slice(1).map(Number);
  const left = parse(a);
  const right = parse(b);
  if (!left || !right) return null;
  for (let index = 0; index < 3; index += 1) {
    const difference = left[index]! - right[index]!;
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}
