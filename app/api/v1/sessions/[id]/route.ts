// Serves GET /api/v1/sessions/{id}: the session, its prompts, participants and artifacts; and
// PATCH, which sets the session's own budget.
import { apiHandler, readBody } from "@/server/http/api-handler";
import { sessionBudgetBody } from "@/server/http/v1-schemas";
import { getSession } from "@/server/sessions/get-session";
import { setSessionBudget } from "@/server/sessions/session-budget";

export const GET = apiHandler<{ id: string }>(
  async ({ actor, params }) => {
    const { timeline, ...snapshot } = await getSession({ sessionId: params.id, actor, eventLimit: 1 });
    return { body: { ...snapshot, lastSeq: timeline.lastSeq } };
  },
  { workflowTokens: true },
);

export const PATCH = apiHandler<{ id: string }>(async ({ req, actor, params }) => {
  const { budgetUsd } = await readBody(req, sessionBudgetBody);
  return { body: { budget: await setSessionBudget({ sessionId: params.id, actor, budgetUsd }) } };
});
