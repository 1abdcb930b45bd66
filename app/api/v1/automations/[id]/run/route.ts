// Serves POST /api/v1/automations/{id}/run: run it now (also while paused); 409 while a run is going.
import { runAutomationNow } from "@/server/automations/fire-automation";
import { apiHandler } from "@/server/http/api-handler";

export const POST = apiHandler<{ id: string }>(async ({ actor, params }) => ({
  status: 202,
  body: await runAutomationNow(params.id, actor),
}));
