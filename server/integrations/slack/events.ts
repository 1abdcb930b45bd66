// The Slack door for events: POST /api/slack/events. The signature and timestamp are checked
// (older than 5 minutes is refused), Slack's URL check is answered, the envelope's shape is checked
// (Bolt reads it on trust), and Bolt's listeners (./message-listeners.ts) take what asks the bot,
// all before Slack's 3 seconds are up. docs/slack.md#how-it-works.
import { z } from "zod";
import { isStorable } from "../../database/storable-text";
import { type Env, getEnv } from "../../env";
import { AppError } from "../../errors";
import { processInBolt, type SlackRequest, verifySlackSignature } from "./bolt-app";
import { slackConfig } from "./client";

/** What goes back to Slack: the URL check's challenge, or an empty 200. */
export type SlackAnswer = { challenge: string } | { ok: true };

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
  if (!isStorable(envelope.data))
    throw AppError.field("body", "The event holds a NUL or half of a character (a lone surrogate).");
  await processInBolt(config, envelope.data);
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
