// Serves POST /api/v1/automations/{id}/secrets: a new webhook key or notification signing secret,
// shown this once; the old one stops working at once.
import { regenerateAutomationSecret } from "@/server/automations/manage-automations";
import { apiHandler, readBody } from "@/server/http/api-handler";
import { regenerateSecretBody } from "@/server/http/v1-schemas";

export const POST = apiHandler<{ id: string }>(async ({ req, actor, params }) => {
  const { which } = await readBody(req, regenerateSecretBody);
  return { body: { secrets: await regenerateAutomationSecret(params.id, which, actor) } };
});
