// What the bridge keeps on disk so that a restarted bridge resumes where it stopped: its
// unacknowledged events and their batch numbers, the last command it took, the prompt it was
// running. Written atomically (write, then rename).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { BridgeEvent } from "./protocol";

export type BridgeState = {
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

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, "state.json");
    this.state = load(this.file);
  }

  save(): void {
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.state));
    renameSync(temporary, this.file);
  }
}

function load(file: string): BridgeState {
  const initial: BridgeState = {
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
    return { ...initial, ...(JSON.parse(readFileSync(file, "utf8")) as Partial<BridgeState>) };
  } catch {
    return initial;
  }
}
