// Serves GET /api/v1/sessions/{id}: the session, its prompts, participants and artifacts.
import { apiHandler } from "@/server/http/api-handler";
import { getSession } from "@/server/sessions/get-session";

export const GET = apiHandler<{ id: string }>(async ({ actor, params }) => {
  const { timeline, ...snapshot } = await getSession({ sessionId: params.id, actor, eventLimit: 1 });
  return { body: { ...snapshot, lastSeq: timeline.lastSeq } };
});
