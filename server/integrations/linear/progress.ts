// Live progress in Linear: while a prompt asked in Linear runs, its latest tool call is shown in
// the agent session as an ephemeral action ("Read src/app.ts", "Run npm test"), which the next
// replaces. The linear-progress job (queued as the sandbox's events are stored, repeats
// collapsing) posts one at most every few seconds. docs/linear.md#what-linear-shows.
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import { toolStep } from "../../events/tool-step";
import type { Prisma } from "../../generated/prisma/client";
import { say } from "./activities";
import { withLinear } from "./client";
import { type LinearReplyTarget, linearReplyTargetSchema } from "./reply";

export const PROGRESS_EVERY_MS = 2_000;
const PARAMETER_CHARACTERS = 200;

export async function postLinearProgress(
  messageId: string,
  db: DbClient = getDb(),
  env: Env = getEnv(),
  now: Date = new Date(),
): Promise<"posted" | "unchanged" | "not-now"> {
  const message = await db.message.findUnique({ where: { id: messageId }, select: { status: true, replyTo: true } });
  const target = linearReplyTargetSchema.safeParse(message?.replyTo);
  if (!message || message.status !== "processing" || !target.success) return "unchanged";
  const last = target.data.progressAt ? Date.parse(target.data.progressAt) : 0;
  if (now.getTime() - last < PROGRESS_EVERY_MS) return "not-now";
  const call = await db.event.findFirst({
    where: { messageId, type: "tool_call" },
    orderBy: { seq: "desc" },
    select: { data: true },
  });
  const step = call ? toolStep(call.data) : null;
  if (!step || step.words === target.data.step) return "unchanged";
  const parameter =
    step.parameter.length > PARAMETER_CHARACTERS
      ? `${step.parameter.slice(0, PARAMETER_CHARACTERS - 1)}…`
      : step.parameter;
  await withLinear(
    target.data.organizationId,
    (client) =>
      say(client, target.data.agentSessionId, { type: "action", action: step.action, parameter }, { ephemeral: true }),
    db,
    env,
  );
  const updated: LinearReplyTarget = { ...target.data, step: step.words, progressAt: now.toISOString() };
  // Written only while the prompt still runs: its answer's final status is not undone.
  await db.message.updateMany({
    where: { id: messageId, status: "processing" },
    data: { replyTo: updated as Prisma.InputJsonObject },
  });
  return "posted";
}
