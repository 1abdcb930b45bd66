// Serves GET and PATCH /api/v1/repositories/{id}/settings: a repository's settings, and changes to them.
import { apiHandler, readBody } from "@/server/http/api-handler";
import { getRepositorySettings, updateRepositorySettings } from "@/server/repositories/repository-settings";
import { repositorySettingsPatch } from "@/server/repositories/schemas";

export const GET = apiHandler<{ id: string }>(async ({ user, params }) => ({
  body: { settings: await getRepositorySettings({ repositoryId: params.id, viewerId: user.id }) },
}));

export const PATCH = apiHandler<{ id: string }>(async ({ req, user, params }) => {
  const settings = await readBody(req, repositorySettingsPatch);
  return {
    body: { settings: await updateRepositorySettings({ repositoryId: params.id, actorId: user.id, settings }) },
  };
});
