// What the control plane does about events from a bridge, in the transaction that stores them:
// prompts end, the sandbox becomes ready or fails, costs add up, the session gets its title and
// its branch artifact. Stored and applied together, so a repeated batch repeats neither.
import type { BridgeEvent } from "../../sandbox/bridge/protocol";
import type { DbTransaction } from "../db";
import { Prisma } from "../generated/prisma/client";
import { finishPrompt } from "../sessions/finish-prompt";
import { failSandboxInTransaction } from "./fail-sandbox";

export type BridgeEventEffects = { promptEnded: boolean; sandboxFailed: boolean };

export async function applyBridgeEvents(
  tx: DbTransaction,
  where: { sandboxId: string; sessionId: string },
  events: BridgeEvent[],
): Promise<BridgeEventEffects> {
  const effects: BridgeEventEffects = { promptEnded: false, sandboxFailed: false };
  for (const event of events) {
    const data = event.data;
    switch (event.type) {
      case "sandbox_status":
        if (data.status === "ready") {
          await tx.sandbox.updateMany({
            where: { id: where.sandboxId, status: { in: ["pending", "spawning", "syncing"] } },
            data: { status: "ready" },
          });
        } else if (data.status === "failed") {
          const error = typeof data.error === "string" ? data.error : "The sandbox failed to start.";
          // The events are already stored; failing adds the prompt's end to the timeline.
          effects.sandboxFailed = await failSandboxInTransaction(tx, {
            sandboxId: where.sandboxId,
            error,
            promptError: `sandbox failed: ${error}`,
          });
          effects.promptEnded ||= effects.sandboxFailed;
        }
        break;
      case "boot_phase":
        if (data.phase === "cloning" && data.status === "started") {
          await tx.sandbox.updateMany({
            where: { id: where.sandboxId, status: { in: ["pending", "spawning"] } },
            data: { status: "syncing" },
          });
        }
        break;
      case "user_message":
        await tx.sandbox.updateMany({ where: { id: where.sandboxId, status: "ready" }, data: { status: "running" } });
        break;
      case "execution_complete":
        if (event.messageId) {
          const success = data.success === true;
          const reason = typeof data.reason === "string" ? data.reason : "the agent run failed";
          const ended = await finishPrompt(tx, {
            messageId: event.messageId,
            status: success ? "completed" : "failed",
            error: success ? undefined : reason,
          });
          effects.promptEnded ||= ended;
          await tx.sandbox.updateMany({ where: { id: where.sandboxId, status: "running" }, data: { status: "ready" } });
        }
        break;
      case "step_finish":
        if (typeof data.cost === "number" && data.cost > 0) {
          await tx.session.update({
            where: { id: where.sessionId },
            data: { totalCostUsd: { increment: new Prisma.Decimal(data.cost) } },
          });
        }
        break;
      case "session_title":
        if (typeof data.title === "string" && data.title.trim()) {
          await tx.session.updateMany({
            where: { id: where.sessionId, title: null },
            data: { title: data.title.trim().slice(0, 200) },
          });
        }
        break;
      case "git_push":
        await recordBranchArtifact(tx, where.sessionId, data);
        break;
      default:
        break;
    }
  }
  return effects;
}

async function recordBranchArtifact(
  tx: DbTransaction,
  sessionId: string,
  data: Record<string, unknown>,
): Promise<void> {
  const branch = typeof data.branch === "string" ? data.branch : undefined;
  if (!branch) return;
  const metadata = {
    branch,
    commit: typeof data.commit === "string" ? data.commit : null,
    remote: typeof data.remote === "string" ? data.remote : null,
  };
  const url = typeof data.remote === "string" ? `${data.remote}#${branch}` : branch;
  const existing = await tx.artifact.findFirst({ where: { sessionId, kind: "branch" }, select: { id: true } });
  if (existing) await tx.artifact.update({ where: { id: existing.id }, data: { url, metadata } });
  else await tx.artifact.create({ data: { sessionId, kind: "branch", url, metadata } });
}
