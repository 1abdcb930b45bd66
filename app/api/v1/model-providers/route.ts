// Serves GET /api/v1/model-providers: the OpenAI-compatible providers added in settings (whether
// each has a key, never the key).
import { apiHandler } from "@/server/http/api-handler";
import { listCustomProviders } from "@/server/models/custom-providers";

export const GET = apiHandler(async () => ({ body: { providers: await listCustomProviders() } }));
