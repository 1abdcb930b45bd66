// Delivers events to the control plane in numbered batches, one batch in flight at a time,
// retried with backoff until acknowledged. The control plane stores a batch number once, so a
// retry of a batch it already stored changes nothing; the numbers and the unacknowledged events
// are kept on disk, so a restarted bridge resends exactly what was not acknowledged.
import { backoff, type ControlPlane, isRevoked, sleep } from "./control-plane";
import { log } from "./log";
import { BRIDGE_PATHS, type BridgeEvent, eventBatchReplySchema, MAX_BATCH_EVENTS } from "./protocol";
import type { StateFile } from "./state";

const FLUSH_DELAY_MS = 50;
/** Events not yet in a batch reach the state file within this long (a crash loses at most that). */
const SAVE_DELAY_MS = 100;

export class Outbox {
  private running: Promise<void> | null = null;
  private idleWaiters: Array<() => void> = [];
  private revoked = false;
  private closed = false;
  private saveTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly controlPlane: ControlPlane,
    private readonly stateFile: StateFile,
    private readonly onRevoked: () => void,
  ) {}

  push(event: BridgeEvent): void {
    const pending = this.stateFile.state.pending;
    const last = pending.at(-1);
    // Streamed text arrives a few characters at a time: runs of it travel as one event.
    if (
      event.type === "token" &&
      last?.type === "token" &&
      last.messageId === event.messageId &&
      last.data.partId === event.data.partId
    ) {
      last.data = { ...last.data, text: last.data.text + event.data.text };
    } else {
      pending.push(event);
    }
    this.saveTimer ??= setTimeout(() => {
      this.saveTimer = null;
      this.stateFile.save();
    }, SAVE_DELAY_MS);
    this.kick();
  }

  /** Stops sending (the process is about to exit; what is unsent stays in the state file). */
  close(): void {
    this.closed = true;
    this.stateFile.save();
  }

  /** Resolves when everything pushed so far is acknowledged (or after timeoutMs). */
  async drain(timeoutMs: number): Promise<boolean> {
    if (this.isEmpty()) return true;
    this.kick();
    return Promise.race([
      new Promise<boolean>((resolve) => this.idleWaiters.push(() => resolve(true))),
      sleep(timeoutMs).then(() => false),
    ]);
  }

  /** Starts sending if anything is waiting (also resends what a previous run left unacknowledged). */
  kick(): void {
    if (this.running || this.revoked || this.closed) return;
    this.running = this.sendAll().finally(() => {
      this.running = null;
      if (!this.isEmpty() && !this.revoked && !this.closed) this.kick();
    });
  }

  private isEmpty(): boolean {
    return this.stateFile.state.inflight === null && this.stateFile.state.pending.length === 0;
  }

  private async sendAll(): Promise<void> {
    await sleep(FLUSH_DELAY_MS);
    const state = this.stateFile.state;
    let attempt = 0;
    while (!this.isEmpty() && !this.closed) {
      if (!state.inflight) {
        state.inflight = { batch: state.nextBatch, events: state.pending.splice(0, MAX_BATCH_EVENTS) };
        state.nextBatch += 1;
        this.stateFile.save();
      }
      const inflight = state.inflight;
      try {
        const reply = await this.controlPlane.request("POST", BRIDGE_PATHS.events, inflight, eventBatchReplySchema);
        if (reply.lastBatch >= inflight.batch) {
          state.inflight = null;
          this.stateFile.save();
        }
        attempt = 0;
      } catch (error) {
        if (isRevoked(error)) {
          this.revoked = true;
          log("the control plane no longer accepts this sandbox", { error });
          this.onRevoked();
          return;
        }
        const delay = backoff(attempt);
        attempt += 1;
        log("could not deliver events; retrying", { batch: inflight.batch, inMs: Math.round(delay), error });
        await sleep(delay);
      }
    }
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
