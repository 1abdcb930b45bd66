// Linear's webhook (agent session events): docs/linear.md#how-it-works.
import { errorResponse } from "@/server/http/api-handler";
import { readLimitedText } from "@/server/http/read-limited-body";
import { handleLinearWebhook } from "@/server/integrations/linear/webhook";

/** As @linear/sdk's own handler: a delivery is at most 5 MiB. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export async function POST(req: Request): Promise<Response> {
  try {
    const result = await handleLinearWebhook({
      id: req.headers.get("linear-delivery"),
      signature: req.headers.get("linear-signature"),
      rawBody: await readLimitedText(req, MAX_BODY_BYTES),
    });
    return Response.json(result);
  } catch (error) {
    return errorResponse(error, req);
  }
}
