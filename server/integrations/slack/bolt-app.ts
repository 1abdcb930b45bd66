// Bolt inside the route handlers: both Slack doors (./events.ts, ./interactions.ts) check Slack's
// signature the same way, then hand the request to one Bolt app per configuration, whose
// listeners (./message-listeners.ts, ./action-listeners.ts) do the rest. Bolt needs no server of
// its own here: the receiver is the route. docs/decisions.md#slack-bolt-inside-the-route-the-thread-in-postgres-jobs-that-queue-per-thread.
import { App, type Receiver, verifySlackRequest } from "@slack/bolt";
import { type DbClient, getDb } from "../../db";
import { AppError } from "../../errors";
import { logger } from "../../logger";
import { listenForActions } from "./action-listeners";
import { botIdentity, type SlackConfig } from "./client";
import { listenForHome } from "./home-listeners";
import { listenForMessages } from "./message-listeners";

export type SlackRequest = {
  rawBody: string;
  signature: string | null;
  timestamp: string | null;
};

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

/** Hands a verified request's body to Bolt, and answers for what a listener threw. */
export async function processInBolt(config: SlackConfig, body: Record<string, unknown>): Promise<void> {
  try {
    await boltApp(config).processEvent({ body, ack: async () => {} });
  } catch (error) {
    // Bolt wraps what a listener threw; the route answers for the error itself.
    throw (error as { original?: unknown }).original ?? error;
  }
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
  listenForMessages(app, db);
  listenForActions(app, db);
  listenForHome(app);
  apps.set(key, app);
  return app;
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
