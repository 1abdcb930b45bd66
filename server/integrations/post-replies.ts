// Answers go back where a prompt came from: when a prompt that a bot queued with a `replyTo`
// ends, its answer is posted there — a GitHub comment or review (./github/reply.ts), a Slack
// thread (./slack/reply.ts), a Linear agent session (./linear/reply.ts). Run by the session's dispatch job after every prompt; each answer is
// claimed before it is posted, so it is posted once, and released again when posting fails, so
// the job's retry posts it.
import { z } from "zod";
import { type DbClient, getDb } from "../db";
import { type Env, getEnv } from "../env";
import { Prisma } from "../generated/prisma/client";
import { logger } from "../logger";
import { postGithubReply, replyTargetSchema } from "./github/reply";
import { linearReplyTargetSchema, postLinearReply } from "./linear/reply";
import { postSlackReply, slackReplyTargetSchema } from "./slack/reply";

const anyTarget = z.union([slackReplyTargetSchema, linearReplyTargetSchema, replyTargetSchema]);

export async function postReplies(sessionId: string, db: DbClient = getDb(), env: Env = getEnv()): Promise<number> {
  const waiting = await db.message.findMany({
    where: { sessionId, replyTo: { not: Prisma.DbNull }, repliedAt: null, status: { in: ["completed", "failed"] } },
    select: { id: true, status: true, error: true, replyTo: true, sessionId: true },
    orderBy: { createdAt: "asc" },
  });
  let posted = 0;
  for (const message of waiting) {
    const { count } = await db.message.updateMany({
      where: { id: message.id, repliedAt: null },
      data: { repliedAt: new Date() },
    });
    if (count === 0) continue;
    const target = anyTarget.safeParse(message.replyTo);
    if (!target.success) {
      // Claimed and left so: retrying would not make it fit.
      logger.warn("a prompt's reply target does not fit; nothing posted", {
        messageId: message.id,
        error: target.error,
      });
      continue;
    }
    try {
      if (target.data.kind === "slack") await postSlackReply(target.data, message, db, env);
      else if (target.data.kind === "linear") await postLinearReply(target.data, message, db, env);
      else await postGithubReply(target.data, message, db, env);
      posted += 1;
    } catch (error) {
      await db.message.update({ where: { id: message.id }, data: { repliedAt: null } });
      throw error;
    }
  }
  return posted;
}
