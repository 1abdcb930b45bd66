// Serves POST /api/v1/sessions/{id}/prompts: queue a prompt (idempotent on clientRequestId).
// A workflow token may too; its prompt is marked as the workflow's.
import { apiHandler, readBody } from "@/server/http/api-handler";
import { sendPromptBody } from "@/server/http/v1-schemas";
import { enqueuePrompt } from "@/server/sessions/enqueue-prompt";
import { apiPrompt } from "@/server/sessions/workflow-prompt";

export const POST = apiHandler<{ id: string }>(
  async ({ req, actor, params, workflowRun }) => {
    const { workflowRun: reported, ...input } = await readBody(req, sendPromptBody);
    const result = await enqueuePrompt({
      ...input,
      ...apiPrompt(input.content, { workflowRun, reported }),
      sessionId: params.id,
      actor,
    });
    return { status: result.isDuplicate ? 200 : 201, body: result };
  },
  { workflowTokens: true },
);
