// Serves POST /api/v1/automations/{id}/resume. Resuming forgets earlier failures and plans the next run from now.
import { getAutomation } from "@/server/automations/automation-views";
import { setAutomationEnabled } from "@/server/automations/manage-automations";
import { apiHandler } from "@/server/http/api-handler";

export const POST = apiHandler<{ id: string }>(async ({ actor, params }) => {
  await setAutomationEnabled(params.id, true, actor);
  return { body: { automation: await getAutomation(params.id, actor) } };
});
