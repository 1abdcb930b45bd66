// Sentry integration webhooks that fire an automation: docs/automations.md#sentry.
import { AUTOMATION_LIMITS } from "@/server/automations/schemas";
import { receiveSentryWebhook } from "@/server/automations/sentry";
import { errorResponse } from "@/server/http/api-handler";
import { readLimitedText } from "@/server/http/read-limited-body";

export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await params;
    const answer = await receiveSentryWebhook({
      automationId: id,
      resource: req.headers.get("sentry-hook-resource"),
      signature: req.headers.get("sentry-hook-signature"),
      timestamp: req.headers.get("sentry-hook-timestamp"),
      rawBody: await readLimitedText(req, AUTOMATION_LIMITS.sentryBodyBytes),
    });
    return Response.json(answer);
  } catch (error) {
    return errorResponse(error, req);
  }
}
