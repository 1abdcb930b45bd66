// One webhook delivery from the GitHub App: signature checked, each delivery id taken once, then
// handed to what handles its event. docs/github.md#webhooks.
import { type DbClient, type DbTransaction, getDb, inTransaction } from "../../db";
import { type Env, getEnv } from "../../env";
import { AppError } from "../../errors";
import { Prisma } from "../../generated/prisma/client";
import { logger } from "../../logger";
import { publishSessionChanged } from "../../realtime/publisher";
import { githubBotEvent } from "../../jobs/events";
import { getJobQueue } from "../../jobs/queue";
import { type BotTrigger, botTrigger } from "./bot-trigger";
import { followPullRequest } from "./pull-request-state";
import { pullRequestEvent } from "./schema";
import { isValidSignature } from "./verify";

export type Delivery = { id: string | null; event: string | null; signature: string | null; rawBody: string };
export type DeliveryResult = { status: "handled" | "ignored" | "duplicate"; detail: string };

const PULL_REQUEST_STATE_ACTIONS = new Set([
  "opened",
  "edited",
  "closed",
  "reopened",
  "ready_for_review",
  "converted_to_draft",
]);

export async function handleGithubDelivery(
  delivery: Delivery,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<DeliveryResult> {
  const host = env.codeHost;
  if (host.kind !== "github" || !host.webhookSecret)
    throw new AppError("NOT_FOUND", "GitHub webhooks are not set up here (GITHUB_APP_WEBHOOK_SECRET).");
  if (!isValidSignature(host.webhookSecret, delivery.rawBody, delivery.signature)) {
    throw new AppError(
      "UNAUTHENTICATED",
      "The delivery's X-Hub-Signature-256 does not match its body and the webhook secret.",
    );
  }
  if (!delivery.id || !delivery.event)
    throw AppError.field("X-GitHub-Delivery", "A delivery needs its X-GitHub-Delivery and X-GitHub-Event headers.");
  const payload = parsePayload(delivery.rawBody);
  const action = typeof payload.action === "string" ? payload.action : undefined;
  try {
    // The delivery is recorded in the transaction that acts on it: a failure leaves it unrecorded,
    // so GitHub's redelivery is acted on; a success makes any repeat a no-op.
    const outcome = await inTransaction(db, async (tx) => {
      await tx.githubDelivery.create({ data: { id: delivery.id!, event: delivery.event! } });
      return act(tx, delivery.event!, action, payload);
    });
    for (const sessionId of outcome.sessions) await publishSessionChanged(sessionId);
    const trigger = botTrigger(delivery.event, payload, host.slug);
    if (trigger) return await callBot(delivery.id, trigger, db);
    if (outcome.result.status === "ignored")
      logger.info("GitHub delivery not acted on", { event: delivery.event, action, deliveryId: delivery.id });
    return outcome.result;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      return { status: "duplicate", detail: `delivery ${delivery.id} was already received` };
    throw error;
  }
}

/** Every event GitHub sends is a JSON object; anything else is refused, not acted on. */
function parsePayload(rawBody: string): Record<string, unknown> {
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody);
  } catch {
    throw AppError.field("body", "The delivery's body is not JSON.");
  }
  if (typeof payload !== "object" || payload === null || Array.isArray(payload))
    throw AppError.field("body", "The delivery's body is not a JSON object.");
  return payload as Record<string, unknown>;
}

/**
 * The bot's work (asking GitHub, starting a session) runs as a durable job. Should the job not be
 * queued, the delivery is forgotten again, so that GitHub's redelivery is acted on.
 */
async function callBot(deliveryId: string, trigger: BotTrigger, db: DbClient): Promise<DeliveryResult> {
  try {
    await getJobQueue().send(githubBotEvent, { deliveryId, trigger });
  } catch (error) {
    await db.githubDelivery.deleteMany({ where: { id: deliveryId } });
    throw new AppError("UNAVAILABLE", "The bot's work could not be queued; redeliver this delivery later.", {
      cause: error,
    });
  }
  return { status: "handled", detail: `the bot was called (${trigger.cause}) on #${trigger.number}` };
}

async function act(
  tx: DbTransaction,
  event: string,
  action: string | undefined,
  payload: unknown,
): Promise<{ result: DeliveryResult; sessions: string[] }> {
  if (event === "pull_request" && action && PULL_REQUEST_STATE_ACTIONS.has(action)) {
    const parsed = pullRequestEvent.safeParse(payload);
    if (!parsed.success)
      throw AppError.field("body", `Not a pull_request payload: ${parsed.error.issues[0]?.message ?? "invalid"}.`);
    const sessions = await followPullRequest(parsed.data, tx);
    return {
      result: {
        status: "handled",
        detail: `pull request #${parsed.data.number} ${action}: ${sessions.length} session(s) updated`,
      },
      sessions,
    };
  }
  return {
    result: { status: "ignored", detail: `${event}${action ? `.${action}` : ""} is not acted on` },
    sessions: [],
  };
}
