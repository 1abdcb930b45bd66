// Serves GET and POST /api/v1/secrets: the global secrets' names, and saving some (never values out).
import { apiHandler, readBody } from "@/server/http/api-handler";
import { secretsBody } from "@/server/http/v1-schemas";
import { listScopeSecrets, savePastedSecrets } from "@/server/secrets/manage-secrets";

export const GET = apiHandler(async ({ user }) => ({ body: { secrets: await listScopeSecrets({}, user.id) } }));

export const POST = apiHandler(async ({ req, user }) => {
  const source = await readBody(req, secretsBody);
  return { body: await savePastedSecrets(source, user.id) };
});
