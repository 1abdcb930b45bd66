// Slack's Events API: docs/slack.md#how-it-works.
import { errorResponse } from "@/server/http/api-handler";
import { readLimitedText } from "@/server/http/read-limited-body";
import { handleSlackEvents } from "@/server/integrations/slack/events";

/** Slack's events are a few KB; anything past this is not one. */
const MAX_BODY_BYTES = 1024 * 1024;

export async function POST(req: Request): Promise<Response> {
  try {
    const answer = await handleSlackEvents({
      signature: req.headers.get("x-slack-signature"),
      timestamp: req.headers.get("x-slack-request-timestamp"),
      rawBody: await readLimitedText(req, MAX_BODY_BYTES),
    });
    return Response.json(answer);
  } catch (error) {
    return errorResponse(error, req);
  }
}
