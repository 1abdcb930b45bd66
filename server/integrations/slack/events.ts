// The Slack door: POST /api/slack/events. Each request's signature and timestamp are checked
// (older than 5 minutes is refused), Slack's URL check is answered, and the rest goes through
// Bolt, whose listeners pick out what asks the bot — a mention in a channel, a direct message,
// a reply in a thread that is a session — record its event_id (a retried delivery acts once) and
// queue the work as a job, all before Slack's 3 seconds are up. docs/slack.md.
import { App, type Receiver, verifySlackRequest } from "@slack/bolt";
import { z } from "zod";
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import { AppError } from "../../errors";
import { Prisma } from "../../generated/prisma/client";
import { slackMessageEvent } from "../../jobs/events";
import { getJobQueue } from "../../jobs/queue";
import { logger } from "../../logger";
import { botIdentity, type SlackConfig, slackConfig } from "./client";
import { type SlackMessage, slackMessageSchema } from "./schema";

export type SlackRequest = {
  rawBody: string;
  signature: string | null;
  timestamp: string | null;
};

/** What goes back to Slack: the URL check's challenge, or an empty 200. */
export type SlackAnswer = { challenge: string } | { ok: true };

/** Refuses a request that Slack did not sign with the app's signing secret, or signed too long ago. */
export function verifySlackSignature(config: SlackConfig, request: SlackRequest): void {
  try {
    verifySlackRequest({
      signingSecret: config.signingSecret,
      body: request.rawBody,
      headers: {
        "x-slack-signature": request.signature ?? "",
        "x-slack-request-timestamp": Number(request.timestamp ?? ""),
      },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError(
      "UNAUTHENTICATED",
      /stale|older/i.test(message)
        ? "The request's X-Slack-Request-Timestamp is more than 5 minutes away from now."
        : "The request's X-Slack-Signature does not match its body and the signing secret.",
      { cause: error },
    );
  }
}

export async function handleSlackEvents(request: SlackRequest, env: Env = getEnv()): Promise<SlackAnswer> {
  const config = slackConfig(env);
  verifySlackSignature(config, request);
  const body = parseJson(request.rawBody);
  if (body.type === "url_verification" && typeof body.challenge === "string") return { challenge: body.challenge };
  if (body.type !== "event_callback") return { ok: true };
  const envelope = eventEnvelope.safeParse(body);
  if (!envelope.success)
    throw AppError.field(
      "body",
      `Not an Events API event: ${envelope.error.issues[0]?.path.join(".")} is missing or wrong.`,
    );
  try {
    await boltApp(config).processEvent({ body: envelope.data, ack: async () => {} });
  } catch (error) {
    // Bolt wraps what a listener threw; the route answers for the error itself.
    throw (error as { original?: unknown }).original ?? error;
  }
  return { ok: true };
}

/** What Bolt reads of an event_callback, checked first: Bolt takes it on trust. */
const eventEnvelope = z.looseObject({
  type: z.literal("event_callback"),
  event_id: z.string().min(1),
  team_id: z.string().min(1),
  event: z.looseObject({
    type: z.string().min(1),
    channel: z.union([z.string(), z.looseObject({ id: z.string() })]).optional(),
    channel_id: z.string().optional(),
    item: z.looseObject({}).optional(),
    user: z.union([z.string(), z.looseObject({ id: z.string() })]).optional(),
    team: z.union([z.string(), z.looseObject({})]).optional(),
  }),
  authorizations: z.array(z.looseObject({})).optional(),
  is_enterprise_install: z.boolean().optional(),
  enterprise_id: z.string().nullable().optional(),
});

function parseJson(rawBody: string): Record<string, unknown> {
  try {
    const body: unknown = JSON.parse(rawBody);
    if (typeof body === "object" && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // Refused below.
  }
  throw AppError.field("body", "Slack's Events API sends a JSON object; this body is not one.");
}

/** Bolt in a route handler: the route hands it each verified request, so it needs no server. */
class RouteReceiver implements Receiver {
  init(): void {}
  start(): Promise<void> {
    return Promise.resolve();
  }
  stop(): Promise<void> {
    return Promise.resolve();
  }
}

const apps = new Map<string, App>();

function boltApp(config: SlackConfig, db: DbClient = getDb()): App {
  const key = `${config.apiUrl}\n${config.botToken}`;
  const existing = apps.get(key);
  if (existing) return existing;
  const app = new App({
    receiver: new RouteReceiver(),
    clientOptions: { slackApiUrl: config.apiUrl },
    // The bot's own messages are told apart by its ids (Bolt's ignoreSelf), asked once.
    authorize: async () => {
      const bot = await botIdentity(config);
      return { botToken: config.botToken, botId: bot.botId, botUserId: bot.userId, teamId: bot.teamId };
    },
    logger: boltLogger,
  });
  app.event("app_mention", async ({ event, body }) => {
    if ("bot_id" in event && event.bot_id) return;
    const message = messageOf(body, event, { channelType: "channel", addressed: true });
    if (message) await queueMessage(db, message);
  });
  app.event("message", async ({ event, body, context }) => {
    // People's own messages only: no edits, joins or other bots.
    if (event.subtype !== undefined || !("user" in event) || "bot_id" in event) return;
    const isDirect = event.channel_type === "im";
    const message = messageOf(body, event, { channelType: event.channel_type, addressed: isDirect });
    if (!message || isDirect) return message ? queueMessage(db, message) : undefined;
    // In a channel a mention arrives as app_mention too; a reply without one counts only in a
    // thread that is a session.
    if (context.botUserId && message.text.includes(`<@${context.botUserId}>`)) return;
    if (!message.threadTs) return;
    const thread = await db.slackThread.findUnique({
      where: { channel_threadTs: { channel: message.channel, threadTs: message.threadTs } },
      select: { sessionId: true },
    });
    if (thread) await queueMessage(db, message);
  });
  apps.set(key, app);
  return app;
}

/**
 * The message an event carries, as the job takes it; null for anything Slack does not send as a
 * person's message (or with a NUL character, which nothing here can store) — a retry of it would
 * be no better, so it is passed over.
 */
function messageOf(
  body: { event_id: string; team_id: string },
  event: { user?: unknown; channel?: unknown; text?: unknown; ts?: unknown; thread_ts?: unknown },
  how: { channelType: unknown; addressed: boolean },
): SlackMessage | null {
  const channel = String(event.channel);
  const data = slackMessageSchema.safeParse({
    eventId: body.event_id,
    teamId: body.team_id,
    channel: event.channel,
    channelType: how.channelType,
    user: event.user,
    text: event.text ?? "",
    ts: event.ts,
    threadTs: event.thread_ts,
    addressed: how.addressed,
    threadKey: `${channel}/${String(event.thread_ts ?? event.ts)}`,
  });
  if (data.success && !JSON.stringify(data.data).includes("\\u0000")) return data.data;
  logger.warn("Slack event not acted on: it is not a message as Slack sends them", {
    eventId: body.event_id,
    ...(data.success ? {} : { error: data.error }),
  });
  return null;
}

/**
 * Records the event and queues its job. Should the job not be queued, the event is forgotten
 * again and the request fails, so that Slack's retry is acted on; a repeat of a recorded event is
 * passed over.
 */
async function queueMessage(db: DbClient, message: SlackMessage): Promise<void> {
  const eventId = message.eventId;
  try {
    await db.slackEvent.create({ data: { id: eventId, type: "message" } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      logger.info("Slack event already received; not acted on again", { eventId });
      return;
    }
    throw error;
  }
  try {
    await getJobQueue().send(slackMessageEvent, message);
  } catch (error) {
    await db.slackEvent.deleteMany({ where: { id: eventId } });
    throw new AppError("UNAVAILABLE", "The bot's work could not be queued; Slack will retry.", { cause: error });
  }
}

const boltLogger = {
  debug: () => {},
  info: () => {},
  warn: (...messages: unknown[]) => logger.warn(`Slack: ${messages.map(String).join(" ")}`),
  error: (...messages: unknown[]) => logger.error(`Slack: ${messages.map(String).join(" ")}`),
  setLevel: () => {},
  getLevel: () => "warn" as never,
  setName: () => {},
};
