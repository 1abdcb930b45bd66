// Serves POST /api/v1/repositories/{id}/secrets/preview: what a save would add and replace, by name.
import { apiHandler, readBody } from "@/server/http/api-handler";
import { secretsBody } from "@/server/http/v1-schemas";
import { previewPastedSecrets } from "@/server/secrets/manage-secrets";

export const POST = apiHandler<{ id: string }>(async ({ req, actor, params }) => {
  const source = await readBody(req, secretsBody);
  return { body: await previewPastedSecrets({ ...source, repositoryId: params.id, actor }) };
});
