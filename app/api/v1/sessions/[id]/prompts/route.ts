// Serves POST /api/v1/sessions/{id}/prompts: queue a prompt (idempotent on clientRequestId).
import { apiHandler, readBody } from "@/server/http/api-handler";
import { sendPromptBody } from "@/server/http/v1-schemas";
import { enqueuePrompt } from "@/server/sessions/enqueue-prompt";

export const POST = apiHandler<{ id: string }>(async ({ req, actor, params }) => {
  const input = await readBody(req, sendPromptBody);
  const result = await enqueuePrompt({ ...input, sessionId: params.id, actor, source: "api" });
  return { status: result.isDuplicate ? 200 : 201, body: result };
});
