// Serves DELETE /api/v1/secrets/{key}: removes one global secret (administrators only).
import { apiHandler } from "@/server/http/api-handler";
import { removeSecret } from "@/server/secrets/manage-secrets";

export const DELETE = apiHandler<{ key: string }>(async ({ actor, params }) => ({
  body: await removeSecret({ key: params.key, actor }),
}));
