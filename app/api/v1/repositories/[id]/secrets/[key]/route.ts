// Serves DELETE /api/v1/repositories/{id}/secrets/{key}: removes one of a repository's secrets.
import { apiHandler } from "@/server/http/api-handler";
import { removeSecret } from "@/server/secrets/manage-secrets";

export const DELETE = apiHandler<{ id: string; key: string }>(async ({ actor, params }) => ({
  body: await removeSecret({ repositoryId: params.id, key: params.key, actor }),
}));
