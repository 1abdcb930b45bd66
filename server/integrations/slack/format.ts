// Slack's text both ways. In: its markup (<@U1>, <#C1|name>, <https://x|label>, &amp;) read as
// plain text for the agent. Out: the bot's messages as Block Kit, within Slack's limits (50
// blocks a message, 3,000 characters a section, 150 a button's text). docs/slack.md.
import type { types } from "@slack/bolt";

type KnownBlock = types.KnownBlock;

export const SLACK_LIMITS = { blocks: 50, section: 3_000, answerSections: 40, buttonText: 75, fallback: 3_000 };

/** A message's text as a person would read it, without the bot's own mention. */
export function plainText(text: string, botUserId: string): string {
  return text
    .replaceAll(`<@${botUserId}>`, "")
    .replace(/<@([A-Z0-9]+)(?:\|([^>]+))?>/g, (_all, id: string, name?: string) => `@${name ?? id}`)
    .replace(/<#([A-Z0-9]+)(?:\|([^>]*))?>/g, (_all, id: string, name?: string) => `#${name || id}`)
    .replace(/<!(here|channel|everyone)>/g, "@$1")
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, "$2 ($1)")
    .replace(/<(https?:[^>]+)>/g, "$1")
    .replace(/<mailto:([^|>]+)(?:\|[^>]+)?>/g, "$1")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&")
    .trim();
}

/** Text put into Slack markup as it is: &, < and > escaped, so it cannot ping or link. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** Splits text into sections of at most 3,000 characters, at line breaks where it can. */
export function sections(text: string, limit = SLACK_LIMITS.section): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const newline = rest.lastIndexOf("\n", limit);
    const at = newline > limit / 2 ? newline : limit;
    parts.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}

export function section(text: string): KnownBlock {
  return { type: "section", text: { type: "mrkdwn", text: text.slice(0, SLACK_LIMITS.section) } };
}

export function context(text: string): KnownBlock {
  return { type: "context", elements: [{ type: "mrkdwn", text: text.slice(0, SLACK_LIMITS.section) }] };
}

export function linkButton(text: string, url: string, actionId: string): KnownBlock {
  return {
    type: "actions",
    elements: [{ type: "button", text: { type: "plain_text", text }, url, action_id: actionId }],
  };
}

/** The status message the bot posts at once: what it works on, and where to watch. */
export function workingMessage(repository: string, note: string, sessionUrl: string) {
  return statusMessage(working(repository), `_${escapeMrkdwn(note)}_`, sessionUrl);
}

/** The status message as the agent works: its latest step (already in Slack's markup). */
export function progressMessage(repository: string, sessionUrl: string, step: string) {
  return statusMessage(working(repository), `:hourglass_flowing_sand: ${step}`, sessionUrl);
}

/** The status message once the prompt ended; the answer follows it in the thread. */
export function finishedMessage(repository: string, sessionUrl: string, completed: boolean) {
  const headline = completed
    ? {
        text: `Worked on ${repository}: the answer is below.`,
        markup: `Worked on *${escapeMrkdwn(repository)}*: the answer is below.`,
      }
    : { text: `Stopped working on ${repository}.`, markup: `Stopped working on *${escapeMrkdwn(repository)}*.` };
  return statusMessage(headline, null, sessionUrl);
}

const working = (repository: string) => ({
  text: `Working on ${repository}…`,
  markup: `Working on *${escapeMrkdwn(repository)}*…`,
});

function statusMessage(headline: { text: string; markup: string }, note: string | null, sessionUrl: string) {
  return {
    text: headline.text,
    blocks: [
      section(headline.markup),
      ...(note ? [context(note)] : []),
      linkButton("View session", sessionUrl, "view_session"),
    ],
  };
}

/** Orders Slack timestamps ("1733212345.000200"): exactly, where numbers would round. */
export function compareTs(a: string, b: string): number {
  const [aSeconds = "", aMicros = ""] = a.split(".");
  const [bSeconds = "", bMicros = ""] = b.split(".");
  const key = (seconds: string, micros: string) => `${seconds.padStart(12, "0")}.${micros.padEnd(6, "0")}`;
  const left = key(aSeconds, aMicros);
  const right = key(bSeconds, bMicros);
  return left < right ? -1 : left > right ? 1 : 0;
}
