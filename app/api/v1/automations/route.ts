// Serves GET and POST /api/v1/automations: list automations (yours; administrators see all), create one.
import { listAutomations } from "@/server/automations/automation-views";
import { createAutomation } from "@/server/automations/manage-automations";
import { apiHandler, readBody } from "@/server/http/api-handler";
import { createAutomationBody } from "@/server/http/v1-schemas";

export const GET = apiHandler(async ({ actor }) => ({ body: { automations: await listAutomations(actor) } }));

export const POST = apiHandler(async ({ req, actor }) => {
  const created = await createAutomation(await readBody(req, createAutomationBody), actor);
  return { status: 201, body: created };
});
