// Serves GET and POST /api/v1/secrets: the global secrets' names (anyone), and saving some
// (administrators only). Values go in, never out.
import { apiHandler, readBody } from "@/server/http/api-handler";
import { secretsBody } from "@/server/http/v1-schemas";
import { listScopeSecrets, savePastedSecrets } from "@/server/secrets/manage-secrets";

export const GET = apiHandler(async ({ actor }) => ({ body: { secrets: await listScopeSecrets({ actor }) } }));

export const POST = apiHandler(async ({ req, actor }) => {
  const source = await readBody(req, secretsBody);
  return { body: await savePastedSecrets({ ...source, actor }) };
});
