// Serves GET, PATCH and DELETE /api/v1/automations/{id}: read one automation, change some of its
// fields, delete it (with its history; its sessions stay).
import { getAutomation } from "@/server/automations/automation-views";
import { deleteAutomation, updateAutomation } from "@/server/automations/manage-automations";
import { apiHandler, readBody } from "@/server/http/api-handler";
import { updateAutomationBody } from "@/server/http/v1-schemas";

export const GET = apiHandler<{ id: string }>(async ({ actor, params }) => ({
  body: { automation: await getAutomation(params.id, actor) },
}));

export const PATCH = apiHandler<{ id: string }>(async ({ req, actor, params }) => ({
  body: await updateAutomation(params.id, await readBody(req, updateAutomationBody), actor),
}));

export const DELETE = apiHandler<{ id: string }>(async ({ actor, params }) => {
  await deleteAutomation(params.id, actor);
  return { body: { deleted: true } };
});
