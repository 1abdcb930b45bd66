// The route handler both Slack doors share (app/api/slack/events, app/api/slack/interactions):
// the body read up to a limit, the signature headers handed over, and errors answered in the
// API's shape.
import { errorResponse } from "../../http/api-handler";
import { readLimitedText } from "../../http/read-limited-body";
import type { SlackRequest } from "./bolt-app";

/** Slack's requests are a few KB; anything past this is not one. */
const MAX_BODY_BYTES = 1024 * 1024;

export function slackRoute(handle: (request: SlackRequest) => Promise<object>) {
  return async (req: Request): Promise<Response> => {
    try {
      const answer = await handle({
        signature: req.headers.get("x-slack-signature"),
        timestamp: req.headers.get("x-slack-request-timestamp"),
        rawBody: await readLimitedText(req, MAX_BODY_BYTES),
      });
      return Response.json(answer);
    } catch (error) {
      return errorResponse(error, req);
    }
  };
}
