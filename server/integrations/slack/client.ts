// The Web API client the bot posts with: the bot token, Slack's address (or a fake's in tests),
// and a few quick retries — the jobs that call it are retried themselves, so a long wait inside
// one would only hold it. The bot's own identity (auth.test) is asked once per process.
import { WebClient } from "@slack/web-api";
import { type Env, getEnv } from "../../env";
import { AppError } from "../../errors";

export type SlackConfig = NonNullable<Env["slack"]>;
export type BotIdentity = { userId: string; botId: string; teamId: string };

const clients = new Map<string, WebClient>();
const identities = new Map<string, Promise<BotIdentity>>();

/** The Slack app's configuration; NOT_FOUND when it is not set up here. */
export function slackConfig(env: Env = getEnv()): SlackConfig {
  if (!env.slack)
    throw new AppError("NOT_FOUND", "Slack is not set up here (SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET).");
  return env.slack;
}

export function slackClient(config: SlackConfig = slackConfig()): WebClient {
  const key = `${config.apiUrl}\n${config.botToken}`;
  let client = clients.get(key);
  if (!client) {
    client = new WebClient(config.botToken, {
      slackApiUrl: config.apiUrl,
      retryConfig: { retries: 2, minTimeout: 500, maxTimeout: 2_000 },
      timeout: 10_000,
    });
    clients.set(key, client);
  }
  return client;
}

/** Who the bot is in its workspace: its user id (how mentions name it) and bot id. */
export function botIdentity(config: SlackConfig = slackConfig()): Promise<BotIdentity> {
  const key = `${config.apiUrl}\n${config.botToken}`;
  let identity = identities.get(key);
  if (!identity) {
    identity = slackClient(config)
      .auth.test()
      .then((answer) => {
        if (!answer.user_id || !answer.bot_id || !answer.team_id)
          throw new Error("Slack's auth.test did not say who the bot is");
        return { userId: answer.user_id, botId: answer.bot_id, teamId: answer.team_id };
      });
    // A failure is not remembered: the next request asks again.
    identity.catch(() => identities.delete(key));
    identities.set(key, identity);
  }
  return identity;
}
