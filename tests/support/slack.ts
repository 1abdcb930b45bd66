// The fake Slack Web API for a test file (tests/fixtures/slack/fake-slack.ts), the SLACK_*
// variables that point Nightshift at it (read lazily, on first use in the file; restored
// afterwards), and deliveries of Events API payloads to the route, signed as Slack signs them.
import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { POST as postEvents } from "@/app/api/slack/events/route";
import { POST as postInteractions } from "@/app/api/slack/interactions/route";
import { type FakeSlack, type FakeSlackUser, startFakeSlack } from "../fixtures/slack/fake-slack";

export const SLACK_SIGNING_SECRET = "slack-signing-secret-for-tests";
const VARIABLES = ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL"] as const;

export function withFakeSlack(users: FakeSlackUser[]): { readonly slack: FakeSlack } {
  let slack: FakeSlack;
  const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
  beforeAll(async () => {
    slack = await startFakeSlack({ users });
    Object.assign(process.env, {
      SLACK_BOT_TOKEN: slack.token,
      SLACK_SIGNING_SECRET,
      SLACK_API_URL: slack.url,
    });
  });
  afterAll(async () => {
    await slack?.close();
    for (const name of VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });
  return {
    get slack() {
      return slack;
    },
  };
}

/** Signs a body as Slack does: v0= and the hex HMAC-SHA256 of "v0:<timestamp>:<body>". */
export function slackSignature(body: string, timestamp: number, secret = SLACK_SIGNING_SECRET): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export type Delivery = { status: number; json: Record<string, unknown> };

/** POSTs a body to /api/slack/events (or /interactions) as Slack would; `timestamp` and `signature` to forge one. */
export async function deliverSlack(
  body: string,
  options: { timestamp?: number; signature?: string | null; retryNum?: number; interaction?: boolean } = {},
): Promise<Delivery> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    "content-type": options.interaction ? "application/x-www-form-urlencoded" : "application/json",
    "x-slack-request-timestamp": String(timestamp),
  };
  const signature = options.signature === undefined ? slackSignature(body, timestamp) : options.signature;
  if (signature !== null) headers["x-slack-signature"] = signature;
  if (options.retryNum) {
    headers["x-slack-retry-num"] = String(options.retryNum);
    headers["x-slack-retry-reason"] = "http_timeout";
  }
  const door = options.interaction ? "interactions" : "events";
  const request = new Request(`http://localhost/api/slack/${door}`, { method: "POST", headers, body });
  const response = await (options.interaction ? postInteractions : postEvents)(request);
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** An Events API envelope around an event, as Slack sends it. */
export function eventEnvelope(
  slack: FakeSlack,
  event: Record<string, unknown>,
  eventId = `Ev${randomUUID().slice(0, 10).toUpperCase()}`,
) {
  return {
    token: "verification-token-unused",
    team_id: slack.bot.teamId,
    api_app_id: "A0NIGHTSHF",
    event: { event_ts: event.ts, ...event },
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: slack.bot.teamId,
        user_id: slack.bot.userId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${randomUUID()}`,
  };
}

/**
 * Someone writes in Slack and Slack tells the bot: the message is stored in the fake (so the
 * thread reads it back), and its event delivered — app_mention when it mentions the bot in a
 * channel, message otherwise (channel_type im for a direct message).
 */
export async function writeToBot(
  slack: FakeSlack,
  message: { channel: string; user: string; text: string; thread_ts?: string; im?: boolean },
): Promise<{ ts: string; eventId: string; body: string; delivery: Delivery }> {
  const ts = slack.write(message.channel, message);
  const mention = !message.im && message.text.includes(`<@${slack.bot.userId}>`);
  const event = {
    type: mention ? "app_mention" : "message",
    user: message.user,
    text: message.text,
    ts,
    channel: message.channel,
    ...(mention ? {} : { channel_type: message.im ? "im" : "channel" }),
    ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
    blocks: [],
  };
  const envelope = eventEnvelope(slack, event);
  const body = JSON.stringify(envelope);
  const delivery = await deliverSlack(body);
  // A mention in a channel is also a message there, which Slack sends as an event of its own.
  if (mention) {
    const echo = await deliverSlack(
      JSON.stringify(eventEnvelope(slack, { ...event, type: "message", channel_type: "channel" })),
    );
    if (echo.status !== 200) throw new Error(`the mention's message event was answered ${echo.status}`);
  }
  return { ts, eventId: envelope.event_id, body, delivery };
}

type PostedElement = { action_id: string; value?: string; options?: Array<{ value: string; text: { text: string } }> };

/**
 * Someone presses a button (or picks a menu option, by its text) in a message the bot posted, and
 * Slack tells the bot: a block_actions payload, form-encoded and signed, as Slack sends it.
 */
export async function pressInSlack(
  slack: FakeSlack,
  press: {
    user: string;
    /** The message pressed in: its channel, blocks, thread and (for one in the fake) its ts. */
    posted: { channel: string; blocks: unknown[]; thread_ts?: string; ts?: string };
    /** A button's text, or a menu option's text. */
    label: string;
    ephemeral?: boolean;
  },
): Promise<Delivery & { responseUrl: string }> {
  const elements = press.posted.blocks.flatMap(
    (block) => ((block as { elements?: PostedElement[] }).elements ?? []) as PostedElement[],
  );
  const button = elements.find(
    (element) => "value" in element && (element as { text?: { text: string } }).text?.text === press.label,
  );
  const menu = elements.find((element) => element.options?.some((option) => option.text.text === press.label));
  const option = menu?.options?.find((entry) => entry.text.text === press.label);
  if (!button && !option) throw new Error(`no button or option "${press.label}" in the message`);
  const responseUrl = slack.responseUrl();
  const now = `${Math.floor(Date.now() / 1000)}.000100`;
  const payload = {
    type: "block_actions",
    user: {
      id: press.user,
      username: press.user.toLowerCase(),
      name: press.user.toLowerCase(),
      team_id: slack.bot.teamId,
    },
    api_app_id: "A0NIGHTSHF",
    token: "verification-token-unused",
    container: {
      type: "message",
      message_ts: press.posted.ts ?? now,
      channel_id: press.posted.channel,
      is_ephemeral: press.ephemeral ?? false,
      ...(press.posted.thread_ts ? { thread_ts: press.posted.thread_ts } : {}),
    },
    trigger_id: `${Date.now()}.1234.abcdef`,
    team: { id: slack.bot.teamId, domain: "acme" },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: press.posted.channel, name: "engineering" },
    state: { values: {} },
    response_url: responseUrl,
    actions: [
      button
        ? {
            type: "button",
            action_id: button.action_id,
            block_id: "b",
            value: button.value,
            text: { type: "plain_text", text: press.label },
            action_ts: now,
          }
        : { type: "static_select", action_id: menu!.action_id, block_id: "m", selected_option: option, action_ts: now },
    ],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return { ...(await deliverSlack(body, { interaction: true })), responseUrl };
}

type HomeElement = PostedElement & { type: string; text?: { text: string } };

/**
 * Someone uses the Home tab the bot last published for them: presses a button, picks a menu
 * option (both by their text), or types a branch and presses Enter; Slack tells the bot with a
 * block_actions payload carrying the view, as it does for a Home tab (no channel, no response_url).
 */
export async function useHomeTab(
  slack: FakeSlack,
  use: { user: string; label: string } | { user: string; branch: string },
): Promise<Delivery> {
  const view = slack.homes.get(use.user);
  if (!view) throw new Error(`no Home tab was published for ${use.user}`);
  const elements = view.blocks.flatMap((block) => {
    const {
      elements = [],
      accessory,
      element,
    } = block as {
      elements?: HomeElement[];
      accessory?: HomeElement;
      element?: HomeElement;
    };
    return [...elements, ...(accessory ? [accessory] : []), ...(element ? [element] : [])];
  });
  const now = `${Math.floor(Date.now() / 1000)}.000200`;
  let action: Record<string, unknown>;
  if ("branch" in use) {
    const input = elements.find((element) => element.type === "plain_text_input");
    if (!input) throw new Error("no text field in the Home tab");
    action = { type: "plain_text_input", action_id: input.action_id, block_id: "i", value: use.branch, action_ts: now };
  } else {
    const button = elements.find((element) => element.type === "button" && element.text?.text === use.label);
    const menu = elements.find((element) => element.options?.some((option) => option.text.text === use.label));
    if (button)
      action = {
        type: "button",
        action_id: button.action_id,
        block_id: "b",
        value: button.value,
        text: button.text,
        action_ts: now,
      };
    else if (menu)
      action = {
        type: "static_select",
        action_id: menu.action_id,
        block_id: "m",
        selected_option: menu.options!.find((option) => option.text.text === use.label),
        action_ts: now,
      };
    else throw new Error(`no button or option "${use.label}" in the Home tab`);
  }
  const payload = {
    type: "block_actions",
    user: { id: use.user, username: use.user.toLowerCase(), name: use.user.toLowerCase(), team_id: slack.bot.teamId },
    api_app_id: "A0NIGHTSHF",
    token: "verification-token-unused",
    container: { type: "view", view_id: `V0${use.user}` },
    trigger_id: `${Date.now()}.1234.abcdef`,
    team: { id: slack.bot.teamId, domain: "acme" },
    enterprise: null,
    is_enterprise_install: false,
    view: {
      id: `V0${use.user}`,
      team_id: slack.bot.teamId,
      type: "home",
      blocks: view.blocks,
      private_metadata: view.private_metadata ?? "",
      callback_id: "",
      state: { values: {} },
      hash: "1796290000.abcdef",
      app_id: "A0NIGHTSHF",
      bot_id: slack.bot.botId,
    },
    actions: [action],
  };
  return deliverSlack(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), { interaction: true });
}

/** Slack tells the bot someone opened its Home tab. */
export function openHomeTab(slack: FakeSlack, user: string): Promise<Delivery> {
  const event = { type: "app_home_opened", user, channel: `D0${user.slice(2)}`, tab: "home", event_ts: "1.000001" };
  return deliverSlack(JSON.stringify(eventEnvelope(slack, event)));
}
