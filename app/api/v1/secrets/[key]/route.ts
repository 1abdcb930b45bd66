// Serves DELETE /api/v1/secrets/{key}: removes one global secret.
import { apiHandler } from "@/server/http/api-handler";
import { removeSecret } from "@/server/secrets/manage-secrets";

export const DELETE = apiHandler<{ key: string }>(async ({ user, params }) => ({
  body: await removeSecret({ key: params.key }, user.id),
}));
