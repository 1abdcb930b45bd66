// The two loops that keep a bridge in touch with the control plane: the heartbeat, and the long
// poll that fetches commands in order, hands each to the bridge and acknowledges the last one.
// The number of the last command taken is kept in the state file, so a restarted bridge goes on
// after it. docs/sessions.md#the-bridge-protocol.
import { backoff, type ControlPlane, isRevoked, sleep } from "./control-plane";
import { log } from "./log";
import {
  BRIDGE_PATHS,
  type BridgeCommand,
  commandsReplySchema,
  HEARTBEAT_INTERVAL_MS,
  okReplySchema,
} from "./protocol";
import type { StateFile } from "./state";

export type LoopHooks = {
  isClosing(): boolean;
  /** The control plane no longer accepts this sandbox's token. */
  onRevoked(): void;
};

export async function heartbeatLoop(controlPlane: ControlPlane, hooks: LoopHooks): Promise<void> {
  while (!hooks.isClosing()) {
    try {
      await controlPlane.heartbeat();
    } catch (error) {
      if (isRevoked(error)) return hooks.onRevoked();
      log("heartbeat failed", { error });
    }
    await sleep(HEARTBEAT_INTERVAL_MS);
  }
}

export async function commandLoop(
  controlPlane: ControlPlane,
  stateFile: StateFile,
  hooks: LoopHooks & { take(command: BridgeCommand): Promise<void> },
): Promise<void> {
  const state = stateFile.state;
  for (let attempt = 0; !hooks.isClosing();) {
    try {
      const path = `${BRIDGE_PATHS.commands}?after=${state.lastCommandSeq}&waitMs=20000`;
      const { commands } = await controlPlane.request("GET", path, undefined, commandsReplySchema, 30_000);
      attempt = 0;
      for (const command of commands) {
        await hooks.take(command);
        state.lastCommandSeq = command.seq;
        stateFile.save();
      }
      const last = commands.at(-1);
      if (last)
        controlPlane
          .request("POST", BRIDGE_PATHS.ack, { seq: last.seq }, okReplySchema)
          .catch((error: unknown) => log("ack failed", { error }));
    } catch (error) {
      if (isRevoked(error)) return hooks.onRevoked();
      log("could not fetch commands; retrying", { error });
      await sleep(backoff(attempt));
      attempt += 1;
    }
  }
}
