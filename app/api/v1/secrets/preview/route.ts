// Serves POST /api/v1/secrets/preview: which global secrets a save would add and replace, by name
// (administrators only).
import { apiHandler, readBody } from "@/server/http/api-handler";
import { secretsBody } from "@/server/http/v1-schemas";
import { previewPastedSecrets } from "@/server/secrets/manage-secrets";

export const POST = apiHandler(async ({ req, actor }) => {
  const source = await readBody(req, secretsBody);
  return { body: await previewPastedSecrets({ ...source, actor }) };
});
