// Linear's webhook: POST /api/webhooks/linear. The signature (linear-signature, an HMAC-SHA256
// of the raw body) and the signed webhookTimestamp (within 60 seconds) are checked by
// @linear/sdk's LinearWebhookClient; each Linear-Delivery is acted on once; an AgentSessionEvent
// is queued as the linear-agent job and answered at once — the work, and the first activity
// Linear wants within 10 seconds, happen in the job. docs/linear.md#how-it-works.
import { LinearWebhookClient } from "@linear/sdk/webhooks";
import { isStorable } from "../../database/storable-text";
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import { AppError } from "../../errors";
import { linearAgentEvent } from "../../jobs/events";
import { getJobQueue } from "../../jobs/queue";
import { queueOnce } from "../../jobs/queue-once";
import { logger } from "../../logger";
import { cut } from "../../security/untrusted-content";
import {
  type AgentSessionEventPayload,
  agentSessionEventPayload,
  type LinearAgentEvent,
  PROMPT_BODY_CHARS,
  PROMPT_CONTEXT_CHARS,
} from "./schema";

export type LinearDelivery = { id: string | null; signature: string | null; rawBody: string };
export type LinearDeliveryResult = { ok: true; status: "queued" | "ignored" | "duplicate" };

export async function handleLinearWebhook(
  delivery: LinearDelivery,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<LinearDeliveryResult> {
  if (!env.linear) throw new AppError("NOT_FOUND", "The Linear agent is not set up here (docs/linear.md).");
  verify(env.linear.webhookSecret, delivery);
  const body = JSON.parse(delivery.rawBody) as { type?: unknown };
  if (body.type !== "AgentSessionEvent") return { ok: true, status: "ignored" };
  const parsed = agentSessionEventPayload.safeParse(body);
  if (!parsed.success)
    throw AppError.field(
      "body",
      `Not an AgentSessionEvent as Linear sends it: ${parsed.error.issues[0]?.path.join(".")} is missing or wrong.`,
    );
  // Linear's delivery ids are UUIDs; anything much else is not one of its deliveries.
  if (!delivery.id || !/^[\w-]{1,100}$/.test(delivery.id))
    throw AppError.field("Linear-Delivery", "A delivery needs its Linear-Delivery header: Linear's id for it.");
  const event = jobEvent(delivery.id, parsed.data);
  if (!event) return { ok: true, status: "ignored" };
  // A workspace the agent is not installed in (uninstalled since) has no token to answer with.
  const installed = await db.linearInstallation.count({ where: { organizationId: event.organizationId } });
  if (installed === 0) {
    logger.warn("Linear event from a workspace the agent is not installed in; install it again", {
      organizationId: event.organizationId,
    });
    return { ok: true, status: "ignored" };
  }
  if (!isStorable(event))
    throw AppError.field("body", "The event holds a NUL or half of a character (a lone surrogate).");
  const deliveryId = delivery.id;
  const queued = await queueOnce(
    {
      create: () => db.linearDelivery.create({ data: { id: deliveryId } }),
      forget: () => db.linearDelivery.deleteMany({ where: { id: deliveryId } }),
    },
    () => getJobQueue().send(linearAgentEvent, event),
    "Linear",
  );
  if (!queued) logger.info("Linear delivery already received; not acted on again", { deliveryId });
  return { ok: true, status: queued ? "queued" : "duplicate" };
}

/** The signature and the signed timestamp, checked as @linear/sdk checks them; a 401 saying which failed. */
function verify(secret: string, delivery: LinearDelivery): void {
  if (!delivery.signature)
    throw new AppError("UNAUTHENTICATED", "A Linear delivery needs its linear-signature header.");
  try {
    new LinearWebhookClient(secret).verify(Buffer.from(delivery.rawBody), delivery.signature);
  } catch (error) {
    const message = error instanceof Error ? error.message : "";
    throw new AppError(
      "UNAUTHENTICATED",
      /timestamp/i.test(message)
        ? "The delivery's webhookTimestamp is missing or more than 60 seconds from now (a replay?)."
        : "The delivery's linear-signature does not match its body and the webhook secret.",
    );
  }
}

/** The job's event; null for an event the agent does not act on (another action, no issue). */
export function jobEvent(deliveryId: string, payload: AgentSessionEventPayload): LinearAgentEvent | null {
  const { agentSession, agentActivity } = payload;
  if (payload.action !== "created" && payload.action !== "prompted") return null;
  if (!agentSession.issue) return null;
  const from = payload.action === "created" ? agentSession.creator : agentActivity?.user;
  const body = payload.action === "created" ? agentSession.comment?.body : agentActivity?.content.body;
  return {
    deliveryId,
    action: payload.action,
    organizationId: payload.organizationId,
    agentSessionId: agentSession.id,
    issue: {
      id: agentSession.issue.id,
      identifier: agentSession.issue.identifier,
      title: agentSession.issue.title,
      url: agentSession.issue.url,
      teamId: agentSession.issue.teamId,
      teamKey: agentSession.issue.team?.key ?? null,
    },
    from: from ? { id: from.id, name: from.name.slice(0, 300), email: from.email.slice(0, 320) } : null,
    promptContext: payload.promptContext ? cut(payload.promptContext, PROMPT_CONTEXT_CHARS) : null,
    body: body ? cut(body, PROMPT_BODY_CHARS) : null,
    signal: agentActivity?.signal?.slice(0, 40) ?? null,
  };
}
