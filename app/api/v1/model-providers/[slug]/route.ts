// Serves PUT and DELETE /api/v1/model-providers/{slug}: adds or changes a custom provider (a body
// without apiKey keeps the saved key; null clears it), or removes it. Administrators only.
import { apiHandler, parse, readBody } from "@/server/http/api-handler";
import { customProviderBody } from "@/server/http/v1-schemas";
import { customProviderInput, removeCustomProvider, saveCustomProvider } from "@/server/models/custom-providers";

export const PUT = apiHandler<{ slug: string }>(async ({ req, actor, params }) => {
  const provider = parse(customProviderInput, { ...(await readBody(req, customProviderBody)), slug: params.slug });
  return { body: { provider: await saveCustomProvider({ provider, actor }) } };
});

export const DELETE = apiHandler<{ slug: string }>(async ({ actor, params }) => ({
  body: await removeCustomProvider({ slug: params.slug, actor }),
}));
