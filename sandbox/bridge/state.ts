// What the bridge keeps on disk so that a restarted bridge resumes where it stopped: its
// unacknowledged events and their batch numbers, the last command it took, the prompt it was
// running. Written atomically (write, then rename). It is one sandbox's: a state file another
// sandbox left (restored with its home from a snapshot, as Vercel's snapshots keep the whole
// disk) is started afresh.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { BridgeEvent } from "./protocol";

export type BridgeState = {
  /** The sandbox this state is of. */
  sandboxId: string;
  nextBatch: number;
  inflight: { batch: number; events: BridgeEvent[] } | null;
  pending: BridgeEvent[];
  lastCommandSeq: number;
  runningMessageId: string | null;
  opencodeSessionId: string | null;
  booted: boolean;
  lastPushedCommit: string | null;
};

export class StateFile {
  readonly state: BridgeState;
  private readonly file: string;

  constructor(dir: string, sandboxId: string) {
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, "state.json");
    this.state = load(this.file, sandboxId);
  }

  save(): void {
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.state));
    renameSync(temporary, this.file);
  }
}

function load(file: string, sandboxId: string): BridgeState {
  const initial: BridgeState = {
    sandboxId,
    nextBatch: 1,
    inflight: null,
    pending: [],
    lastCommandSeq: 0,
    runningMessageId: null,
    opencodeSessionId: null,
    booted: false,
    lastPushedCommit: null,
  };
  try {
    const saved = JSON.parse(readFileSync(file, "utf8")) as Partial<BridgeState>;
    // Written before states named their sandbox, or by another sandbox: not this one's.
    return saved.sandboxId === sandboxId ? { ...initial, ...saved } : initial;
  } catch {
    return initial;
  }
}
