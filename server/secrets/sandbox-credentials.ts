// Every credential a repository's sandboxes receive as environment variables: model provider keys
// from the control plane's environment, then the secrets (global, then the repository's), which
// win over them, then the keys of providers added in settings. The same values are what event
// redaction looks for. docs/secrets.md, docs/models.md.
import { type DbClient, getDb } from "../db";
import { type Env, getEnv } from "../env";
import { customKeyVariable, HOSTED } from "../models/providers";
import { openValue, secretsForSandbox } from "./secrets";

export async function sandboxCredentials(
  repositoryId: string,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<Record<string, string>> {
  const fromEnvironment: Record<string, string> = {};
  for (const { keyVariable } of Object.values(HOSTED)) {
    const value = env[keyVariable as keyof Env];
    if (typeof value === "string" && value) fromEnvironment[keyVariable] = value;
  }
  if (env.NIGHTSHIFT_MODEL_API_KEY) fromEnvironment.NIGHTSHIFT_MODEL_API_KEY = env.NIGHTSHIFT_MODEL_API_KEY;

  const [secrets, providers] = await Promise.all([
    secretsForSandbox(repositoryId, db, env),
    db.modelProvider.findMany({ where: { sealedKey: { not: null } }, select: { slug: true, sealedKey: true } }),
  ]);
  const providerKeys = Object.fromEntries(
    providers.map((provider) => [customKeyVariable(provider.slug), openValue(provider.sealedKey!, env)]),
  );
  return { ...fromEnvironment, ...secrets, ...providerKeys };
}
