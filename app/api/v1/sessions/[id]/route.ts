// Serves GET /api/v1/sessions/{id}: the session, its prompts, participants and artifacts.
import { apiHandler } from "@/server/http/api-handler";
import { assertSessionAccess } from "@/server/sessions/assert-session-access";
import { getSession } from "@/server/sessions/get-session";

export const GET = apiHandler<{ id: string }>(async ({ user, params }) => {
  await assertSessionAccess({ sessionId: params.id, userId: user.id, need: "read" });
  const { timeline, ...snapshot } = await getSession({ sessionId: params.id, eventLimit: 1 });
  return { body: { ...snapshot, lastSeq: timeline.lastSeq } };
});
