// Serves GET and PATCH /api/v1/settings: Nightshift's own settings and who its administrators are
// (anyone may read them), and changes to them (administrators only).
import { apiHandler, readBody } from "@/server/http/api-handler";
import { getInstanceSettings, updateInstanceSettings } from "@/server/settings/instance-settings";
import { instanceSettingsPatch } from "@/server/settings/schemas";

export const GET = apiHandler(async ({ actor }) => ({ body: await getInstanceSettings({ actor }) }));

export const PATCH = apiHandler(async ({ req, actor }) => {
  const settings = await readBody(req, instanceSettingsPatch);
  return { body: await updateInstanceSettings({ actor, settings }) };
});
