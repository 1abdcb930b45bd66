// Serves GET /api/v1/models: every model, the unavailable ones with the reason, and each model's
// reasoning efforts. ?repositoryId= counts provider keys set as that repository's secrets.
import { apiHandler, readQuery } from "@/server/http/api-handler";
import { modelsQuery } from "@/server/http/v1-schemas";
import { listModels } from "@/server/models/list-models";

export const GET = apiHandler(async ({ req, actor }) => {
  const { repositoryId } = readQuery(req, modelsQuery);
  return { body: await listModels({ actor, repositoryId }) };
});
