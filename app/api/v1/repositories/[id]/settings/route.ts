// Serves GET and PATCH /api/v1/repositories/{id}/settings: a repository's settings, and changes to them.
import { apiHandler, readBody } from "@/server/http/api-handler";
import { getRepositorySettings, updateRepositorySettings } from "@/server/repositories/repository-settings";
import { repositorySettingsPatch } from "@/server/repositories/schemas";

export const GET = apiHandler<{ id: string }>(async ({ actor, params }) => ({
  body: { settings: await getRepositorySettings({ repositoryId: params.id, actor }) },
}));

export const PATCH = apiHandler<{ id: string }>(async ({ req, actor, params }) => {
  const settings = await readBody(req, repositorySettingsPatch);
  return { body: { settings: await updateRepositorySettings({ repositoryId: params.id, actor, settings }) } };
});
