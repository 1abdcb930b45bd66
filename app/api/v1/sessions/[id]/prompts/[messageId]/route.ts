// Serves GET /api/v1/sessions/{id}/prompts/{messageId}: one prompt's result — its status, the
// agent's final answer, the pull request, its cost and the files changed.
import { apiHandler } from "@/server/http/api-handler";
import { promptResult } from "@/server/sessions/prompt-result";

export const GET = apiHandler<{ id: string; messageId: string }>(
  async ({ actor, params }) => ({
    body: await promptResult({ sessionId: params.id, messageId: params.messageId, actor }),
  }),
  { workflowTokens: true },
);
