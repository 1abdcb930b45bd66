// Serves POST /api/v1/sessions/{id}/stop: stop the session's running prompt.
import { apiHandler } from "@/server/http/api-handler";
import { stopPrompt } from "@/server/sessions/stop-prompt";

export const POST = apiHandler<{ id: string }>(
  async ({ actor, params }) => ({ body: await stopPrompt({ sessionId: params.id, actor }) }),
  { workflowTokens: true },
);
