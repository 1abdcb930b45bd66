// Serves POST /api/v1/sessions/{id}/stop: stop the session's running prompt.
import { apiHandler } from "@/server/http/api-handler";
import { assertSessionAccess } from "@/server/sessions/assert-session-access";
import { stopPrompt } from "@/server/sessions/stop-prompt";

export const POST = apiHandler<{ id: string }>(async ({ user, params }) => {
  await assertSessionAccess({ sessionId: params.id, userId: user.id, need: "write" });
  return { body: await stopPrompt({ sessionId: params.id, stoppedById: user.id }) };
});
