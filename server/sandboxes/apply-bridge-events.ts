// What the control plane does about events from a bridge, in the transaction that stores them:
// prompts end, the sandbox becomes ready or fails, the session gets its title and
// its branch artifact. Stored and applied together, so a repeated batch repeats neither. The
// events are typed (server/events/fit-event.ts); one that did not fit arrives as an error event,
// which changes nothing here.
import { match, P } from "ts-pattern";
import type { BridgeEvent } from "../../sandbox/bridge/protocol";
import type { DbTransaction } from "../db";
import type { GitPushData, SandboxStatusData } from "../events/schemas";
import type { BranchMetadata } from "../sessions/artifact-metadata";
import { finishPrompt } from "../sessions/finish-prompt";
import { failSandboxInTransaction } from "./fail-sandbox";

export type BridgeEventEffects = { promptEnded: boolean; sandboxFailed: boolean };
type Where = { sandboxId: string; sessionId: string };

const NONE: Partial<BridgeEventEffects> = {};

export async function applyBridgeEvents(
  tx: DbTransaction,
  where: Where,
  events: BridgeEvent[],
): Promise<BridgeEventEffects> {
  const effects: BridgeEventEffects = { promptEnded: false, sandboxFailed: false };
  for (const event of events) {
    const effect = await applyBridgeEvent(tx, where, event);
    effects.promptEnded ||= effect.promptEnded ?? false;
    effects.sandboxFailed ||= effect.sandboxFailed ?? false;
  }
  return effects;
}

/**
 * Every type the bridge sends is decided here, even when the decision is "nothing". A
 * `step_finish`'s cost is not added to the session's: the cost is what the model gateway counts
 * (server/models/gateway), not what the sandbox, which the agent runs in, says it spent.
 */
function applyBridgeEvent(tx: DbTransaction, where: Where, event: BridgeEvent): Promise<Partial<BridgeEventEffects>> {
  return match(event)
    .with({ type: "sandbox_status" }, ({ data }) => applySandboxStatus(tx, where, data))
    .with({ type: "boot_phase", data: { phase: "cloning", status: "started" } }, async () => {
      await tx.sandbox.updateMany({
        where: { id: where.sandboxId, status: { in: ["pending", "spawning"] } },
        data: { status: "syncing" },
      });
      return NONE;
    })
    .with({ type: "user_message" }, async () => {
      await tx.sandbox.updateMany({ where: { id: where.sandboxId, status: "ready" }, data: { status: "running" } });
      return NONE;
    })
    .with({ type: "execution_complete" }, async ({ data, messageId }) => {
      if (!messageId) return NONE;
      const promptEnded = await finishPrompt(tx, {
        messageId,
        status: data.success ? "completed" : "failed",
        error: data.success ? undefined : (data.reason ?? "the agent run failed"),
      });
      await tx.sandbox.updateMany({ where: { id: where.sandboxId, status: "running" }, data: { status: "ready" } });
      // Its work is committed and pushed: a checkpoint of it is stale.
      await tx.sandbox.update({
        where: { id: where.sandboxId },
        data: { checkpointCommit: null, checkpointedAt: null },
      });
      return { promptEnded };
    })
    .with({ type: "session_title" }, async ({ data }) => {
      const title = data.title.trim().slice(0, 200);
      if (title) await tx.session.updateMany({ where: { id: where.sessionId, title: null }, data: { title } });
      return NONE;
    })
    .with({ type: "git_push" }, async ({ data }) => {
      await recordBranchArtifact(tx, where.sessionId, data);
      // The branch now holds the work, uncommitted changes committed: no checkpoint is newer.
      await tx.sandbox.update({
        where: { id: where.sandboxId },
        data: { checkpointCommit: null, checkpointedAt: null },
      });
      return NONE;
    })
    .with({ type: "checkpoint" }, async ({ data }) => {
      await tx.sandbox.update({
        where: { id: where.sandboxId },
        data: { checkpointCommit: data.commit, checkpointedAt: new Date() },
      });
      return NONE;
    })
    .with({ type: P.union("boot_phase", "warning", "token", "tool_call", "error", "step_finish") }, async () => NONE)
    .exhaustive();
}

function applySandboxStatus(
  tx: DbTransaction,
  where: Where,
  data: SandboxStatusData,
): Promise<Partial<BridgeEventEffects>> {
  return (
    match(data)
      .with({ status: "ready" }, async () => {
        await tx.sandbox.updateMany({
          where: { id: where.sandboxId, status: { in: ["pending", "spawning", "syncing"] } },
          data: { status: "ready" },
        });
        return NONE;
      })
      .with({ status: "failed" }, async ({ error }) => {
        // The events are already stored; failing adds the prompt's end to the timeline.
        const sandboxFailed = await failSandboxInTransaction(tx, {
          sandboxId: where.sandboxId,
          error,
          promptError: `sandbox failed: ${error}`,
        });
        return { sandboxFailed, promptEnded: sandboxFailed };
      })
      // Only the control plane stops or suspends sandboxes; a bridge saying so changes nothing.
      .with({ status: P.union("stopped", "suspended") }, async () => NONE)
      .exhaustive()
  );
}

async function recordBranchArtifact(tx: DbTransaction, sessionId: string, data: GitPushData): Promise<void> {
  const metadata: BranchMetadata = { branch: data.branch, commit: data.commit, remote: data.remote };
  const url = `${data.remote}#${data.branch}`;
  const existing = await tx.artifact.findFirst({ where: { sessionId, kind: "branch" }, select: { id: true } });
  if (existing) await tx.artifact.update({ where: { id: existing.id }, data: { url, metadata } });
  else await tx.artifact.create({ data: { sessionId, kind: "branch", url, metadata } });
}
