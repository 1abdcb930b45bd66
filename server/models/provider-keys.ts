// A provider's key, as the model gateway adds it to a call: never sent to a sandbox. A hosted
// provider's key is the repository's secret of that name, else the global secret, else the
// control plane's environment; the environment's custom endpoint has NIGHTSHIFT_MODEL_API_KEY;
// a provider added in settings has its own sealed key. docs/models.md.
import { type DbClient, getDb } from "../db";
import { type Env, getEnv } from "../env";
import { openValue } from "../secrets/secrets";
import { HOSTED, type ModelProvider } from "./providers";
import type { HostedProvider } from "./catalog";

/**
 * The key for calls to `provider` from this repository's sessions (null: calls of no repository,
 * which the global secret or the environment serve); null when it needs none.
 */
export async function providerKey(
  provider: ModelProvider,
  repositoryId: string | null,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<string | null> {
  if (provider.source === "environment") return env.NIGHTSHIFT_MODEL_API_KEY ?? null;
  if (provider.source === "settings") {
    const row = await db.modelProvider.findUnique({ where: { slug: provider.id }, select: { sealedKey: true } });
    return row?.sealedKey ? openValue(row.sealedKey, env) : null;
  }
  const name = HOSTED[provider.id as HostedProvider].keyVariable;
  const secrets = await db.secret.findMany({
    where: { key: name, scopeId: { in: repositoryId ? ["global", repositoryId] : ["global"] } },
    select: { scope: true, sealedValue: true },
  });
  const secret = secrets.find((row) => row.scope === "repository") ?? secrets.find((row) => row.scope === "global");
  if (secret) return openValue(secret.sealedValue, env);
  const fromEnvironment = env[name as keyof Env];
  return typeof fromEnvironment === "string" && fromEnvironment ? fromEnvironment : null;
}
