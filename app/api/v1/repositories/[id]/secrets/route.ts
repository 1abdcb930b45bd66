// Serves GET and POST /api/v1/repositories/{id}/secrets: a repository's secrets' names, and saving some.
import { apiHandler, readBody } from "@/server/http/api-handler";
import { secretsBody } from "@/server/http/v1-schemas";
import { listScopeSecrets, savePastedSecrets } from "@/server/secrets/manage-secrets";

export const GET = apiHandler<{ id: string }>(async ({ actor, params }) => ({
  body: { secrets: await listScopeSecrets({ repositoryId: params.id, actor }) },
}));

export const POST = apiHandler<{ id: string }>(async ({ req, actor, params }) => {
  const source = await readBody(req, secretsBody);
  return { body: await savePastedSecrets({ ...source, repositoryId: params.id, actor }) };
});
