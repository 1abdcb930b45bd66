// GitHub App webhook deliveries: docs/github.md#webhooks.
import { errorResponse } from "@/server/http/api-handler";
import { handleGithubDelivery } from "@/server/integrations/github/handle-delivery";

export async function POST(req: Request): Promise<Response> {
  try {
    const result = await handleGithubDelivery({
      id: req.headers.get("x-github-delivery"),
      event: req.headers.get("x-github-event"),
      signature: req.headers.get("x-hub-signature-256"),
      rawBody: await req.text(),
    });
    return Response.json(result, { status: result.status === "handled" ? 200 : 202 });
  } catch (error) {
    return errorResponse(error, req);
  }
}
