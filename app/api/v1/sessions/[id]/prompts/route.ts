// Serves POST /api/v1/sessions/{id}/prompts: queue a prompt (idempotent on clientRequestId).
import { apiHandler, readBody } from "@/server/http/api-handler";
import { sendPromptBody } from "@/server/http/v1-schemas";
import { assertSessionAccess } from "@/server/sessions/assert-session-access";
import { enqueuePrompt } from "@/server/sessions/enqueue-prompt";

export const POST = apiHandler<{ id: string }>(async ({ req, user, params }) => {
  await assertSessionAccess({ sessionId: params.id, userId: user.id, need: "write" });
  const input = await readBody(req, sendPromptBody);
  const result = await enqueuePrompt({ ...input, sessionId: params.id, authorId: user.id, source: "api" });
  return { status: result.isDuplicate ? 200 : 201, body: result };
});
