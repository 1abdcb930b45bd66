// The repository picker: when the bot cannot tell which repository a request is about, it asks
// its author — buttons for the likeliest few and a menu of them all, in a message only they see —
// and holds the request for an hour. Their pick comes back through /api/slack/interactions
// (./interactions.ts) as the request again, placed (`pick`), and opens the session.
// docs/slack.md#which-repository.
import type { types } from "@slack/bolt";
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import type { HostedRepository } from "../../git/code-host";
import type { Prisma } from "../../generated/prisma/client";
import { slackClient, slackConfig } from "./client";
import { context, escapeMrkdwn, section } from "./format";
import type { SlackMessage } from "./schema";

/** How long a request waits for its author's pick. */
export const PICK_WAIT_MS = 60 * 60 * 1000;
const BUTTONS = 5;
/** Slack's limit on a static menu's options. */
const MENU_OPTIONS = 100;
export const PICK_ACTION = /^pick_repository/;

export type PickerCandidate = { id: string; name: string };

export const candidatesOf = (repositories: HostedRepository[]): PickerCandidate[] =>
  repositories.slice(0, MENU_OPTIONS).map((repository) => ({
    id: repository.id,
    name: `${repository.owner}/${repository.name}`,
  }));

/** Holds the request and shows its author the picker; returns the pending request's id. */
export async function offerPicker(
  message: SlackMessage,
  choice: { candidates: PickerCandidate[]; why: string },
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<string> {
  const pending = await db.slackPendingRequest.create({
    data: {
      message: message as unknown as Prisma.InputJsonObject,
      slackUserId: message.user,
      candidates: choice.candidates.map((candidate) => candidate.id),
      expiresAt: new Date(Date.now() + PICK_WAIT_MS),
    },
    select: { id: true },
  });
  await slackClient(slackConfig(env)).chat.postEphemeral({
    channel: message.channel,
    user: message.user,
    thread_ts: message.threadTs ?? message.ts,
    ...pickerMessage(pending.id, choice),
  });
  return pending.id;
}

export function pickerMessage(pendingId: string, choice: { candidates: PickerCandidate[]; why: string }) {
  const value = (candidate: PickerCandidate) => `${pendingId}|${candidate.id}`;
  const label = (candidate: PickerCandidate) => ({ type: "plain_text" as const, text: candidate.name.slice(0, 75) });
  const blocks: types.KnownBlock[] = [
    section(`Which repository is this about? I could not tell: ${escapeMrkdwn(choice.why)}.`),
    {
      type: "actions",
      block_id: "pick_repository_buttons",
      elements: choice.candidates.slice(0, BUTTONS).map((candidate, index) => ({
        type: "button",
        action_id: `pick_repository_${index}`,
        text: label(candidate),
        value: value(candidate),
      })),
    },
  ];
  if (choice.candidates.length > BUTTONS)
    blocks.push({
      type: "actions",
      block_id: "pick_repository_menu",
      elements: [
        {
          type: "static_select",
          action_id: "pick_repository_menu",
          placeholder: { type: "plain_text", text: "All of them" },
          options: choice.candidates.map((candidate) => ({ text: label(candidate), value: value(candidate) })),
        },
      ],
    });
  blocks.push(context("Only you see this. I keep your request for an hour."));
  return { text: "Which repository is this about?", blocks };
}

/** The pending request and repository a picker's value names. */
export function parsePick(value: unknown): { pendingId: string; repositoryId: string } | null {
  if (typeof value !== "string") return null;
  const [pendingId, repositoryId, ...rest] = value.split("|");
  const id = /^[\w-]{1,64}$/;
  return pendingId && repositoryId && id.test(pendingId) && id.test(repositoryId) && rest.length === 0
    ? { pendingId, repositoryId }
    : null;
}

/** Replaces the picker (a message only its author sees) once their pick is taken. */
export async function closePicker(responseUrl: string, text: string): Promise<void> {
  const response = await fetch(responseUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ replace_original: true, text }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`Slack's response_url answered ${response.status}`);
}

/** Deletes the held requests whose hour passed before `now`; returns how many. */
export async function prunePendingRequests(now: Date = new Date(), db: DbClient = getDb()): Promise<number> {
  const { count } = await db.slackPendingRequest.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}
