// Serves POST /api/v1/automations/{id}/pause.
import { getAutomation } from "@/server/automations/automation-views";
import { setAutomationEnabled } from "@/server/automations/manage-automations";
import { apiHandler } from "@/server/http/api-handler";

export const POST = apiHandler<{ id: string }>(async ({ actor, params }) => {
  await setAutomationEnabled(params.id, false, actor);
  return { body: { automation: await getAutomation(params.id, actor) } };
});
