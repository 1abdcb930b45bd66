// The Slack door for interactions: POST /api/slack/interactions, where Slack reports what people
// press in the bot's messages (form-encoded, its JSON in `payload`). The signature and timestamp
// are checked as for events, the payload's shape too (Bolt reads it on trust), and Bolt's
// listeners (./action-listeners.ts) act on it. docs/slack.md#how-it-works.
import { z } from "zod";
import { isStorable } from "../../database/storable-text";
import { type Env, getEnv } from "../../env";
import { AppError } from "../../errors";
import { processInBolt, type SlackRequest, verifySlackSignature } from "./bolt-app";
import { slackConfig } from "./client";

/** What Bolt reads of a block_actions payload. */
const blockActions = z.looseObject({
  type: z.literal("block_actions"),
  user: z.looseObject({ id: z.string().min(1) }),
  team: z.looseObject({ id: z.string().min(1) }).nullable(),
  channel: z.looseObject({ id: z.string().min(1) }).optional(),
  container: z.looseObject({}).optional(),
  actions: z.array(z.looseObject({ action_id: z.string().min(1), type: z.string().min(1) })).min(1),
  response_url: z.url().optional(),
  trigger_id: z.string().optional(),
});

export async function handleSlackInteractions(request: SlackRequest, env: Env = getEnv()): Promise<{ ok: true }> {
  const config = slackConfig(env);
  verifySlackSignature(config, request);
  const payload = parsePayload(request.rawBody);
  // Only button presses and menu choices are acted on; other kinds (modals) are not used.
  if (payload.type !== "block_actions") return { ok: true };
  const parsed = blockActions.safeParse(payload);
  if (!parsed.success)
    throw AppError.field(
      "payload",
      `Not a block_actions payload: ${parsed.error.issues[0]?.path.join(".")} is missing or wrong.`,
    );
  if (!isStorable(parsed.data))
    throw AppError.field("payload", "The payload holds a NUL or half of a character (a lone surrogate).");
  await processInBolt(config, parsed.data);
  return { ok: true };
}

function parsePayload(rawBody: string): Record<string, unknown> {
  const payload = new URLSearchParams(rawBody).get("payload");
  try {
    const parsed: unknown = JSON.parse(payload ?? "");
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // Refused below.
  }
  throw AppError.field(
    "payload",
    "Slack sends interactions as a form whose `payload` is a JSON object; this is not one.",
  );
}
