// Where the session's work goes so that it outlives the sandbox: the session branch, pushed after
// each prompt (and when the agent opens a pull request), and, while a prompt runs, checkpoints
// (./checkpoint.ts) when the control plane asks. Each push and checkpoint is reported as an event;
// a push that fails is a warning in the timeline, never the prompt's failure.
import type { BridgeConfig } from "./config";
import { Checkpoints } from "./checkpoint";
import { pushBranch } from "./git-work";
import { log } from "./log";
import type { BridgeEvent } from "./protocol";
import type { StateFile } from "./state";

export class WorkSaver {
  private readonly checkpoints: Checkpoints;
  private checkpointing: Promise<void> | null = null;

  constructor(
    private readonly config: BridgeConfig,
    private readonly stateFile: StateFile,
    private readonly emit: (event: BridgeEvent) => void,
  ) {
    this.checkpoints = new Checkpoints(config);
  }

  /** Saves a checkpoint of the running prompt's work, unless one is on its way; not awaited by the caller. */
  checkpoint(messageId: string): void {
    if (this.checkpointing) return;
    this.checkpointing = this.saveCheckpoint(messageId).finally(() => (this.checkpointing = null));
  }

  /** Resolves when no checkpoint is on its way (before the prompt's work is committed and pushed). */
  async checkpointDone(): Promise<void> {
    await this.checkpointing;
  }

  /** Pushes the branch; a failure is a warning. Then the checkpoint, stale, is deleted. */
  async pushAfterPrompt(messageId?: string): Promise<void> {
    try {
      await this.push(messageId);
    } catch (error) {
      this.emit({
        type: "warning",
        data: {
          message: `Could not push ${this.config.branch}: ${error instanceof Error ? error.message : String(error)}`,
        },
        messageId: messageId ?? null,
      });
    }
    // The prompt's work is on the branch (or, if the push failed, committed here): no checkpoint is wanted.
    await this.dropCheckpoint();
  }

  /** Pushes the session branch when it has new commits, and says so; throws when the push fails. */
  async push(messageId?: string): Promise<void> {
    const state = this.stateFile.state;
    const pushed = await pushBranch(this.config, state.lastPushedCommit);
    if (!pushed) return;
    state.lastPushedCommit = pushed;
    this.stateFile.save();
    this.emit({
      type: "git_push",
      data: { branch: this.config.branch, commit: pushed, remote: this.config.remote },
      messageId: messageId ?? null,
    });
    // The branch holds the work now: a checkpoint is stale.
    await this.dropCheckpoint();
  }

  private async saveCheckpoint(messageId: string): Promise<void> {
    try {
      const commit = await this.checkpoints.save();
      this.emit({ type: "checkpoint", data: { commit, ref: this.checkpoints.ref }, messageId });
    } catch (error) {
      this.emit({
        type: "warning",
        data: { message: `Could not save a checkpoint: ${error instanceof Error ? error.message : String(error)}` },
        messageId,
      });
    }
  }

  private async dropCheckpoint(): Promise<void> {
    await this.checkpoints.drop().catch((error: unknown) => log("could not delete the checkpoint ref", { error }));
  }
}
