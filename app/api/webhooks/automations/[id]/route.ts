// Inbound webhooks that fire an automation: docs/automations.md#webhooks.
import { receiveAutomationWebhook } from "@/server/automations/inbound-webhook";
import { AUTOMATION_LIMITS } from "@/server/automations/schemas";
import { errorResponse } from "@/server/http/api-handler";
import { assertJsonContentType, readLimitedText } from "@/server/http/read-limited-body";

export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await params;
    assertJsonContentType(req);
    const rawBody = await readLimitedText(req, AUTOMATION_LIMITS.webhookBodyBytes);
    const answer = await receiveAutomationWebhook({
      automationId: id,
      authorization: req.headers.get("authorization"),
      rawBody,
    });
    return Response.json(answer);
  } catch (error) {
    return errorResponse(error, req);
  }
}
