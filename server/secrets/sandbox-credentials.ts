// The secrets a repository's sandboxes receive as environment variables, and the values event
// redaction looks for. Model provider keys are not among what a sandbox receives: they stay in
// the control plane, where the model gateway adds them to each call (server/models/gateway).
// A secret named like a hosted provider's key (ANTHROPIC_API_KEY, say) is that provider's key,
// so it stays behind too. Redaction still looks for every key, in case one reaches a sandbox
// some other way. docs/secrets.md, docs/security.md.
import { type DbClient, getDb } from "../db";
import { type Env, getEnv } from "../env";
import { customKeyVariable, HOSTED } from "../models/providers";
import { openValue, secretsForSandbox } from "./secrets";

/** Secret names that are model provider keys: never injected into a sandbox. */
export const MODEL_KEY_NAMES: ReadonlySet<string> = new Set([
  ...Object.values(HOSTED).map((hosted) => hosted.keyVariable),
  "NIGHTSHIFT_MODEL_API_KEY",
]);

/** What a sandbox of this repository gets: its secrets (global, then the repository's, which win), no model key. */
export async function sandboxSecrets(
  repositoryId: string,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<Record<string, string>> {
  const secrets = await secretsForSandbox(repositoryId, db, env);
  return Object.fromEntries(Object.entries(secrets).filter(([name]) => !MODEL_KEY_NAMES.has(name)));
}

/** Every value redaction replaces in this repository's events, by name: its secrets and every model key. */
export async function redactedValues(
  repositoryId: string,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<Record<string, string>> {
  const fromEnvironment: Record<string, string> = {};
  for (const name of MODEL_KEY_NAMES) {
    const value = env[name as keyof Env];
    if (typeof value === "string" && value) fromEnvironment[name] = value;
  }
  const [secrets, providers] = await Promise.all([
    secretsForSandbox(repositoryId, db, env),
    db.modelProvider.findMany({ where: { sealedKey: { not: null } }, select: { slug: true, sealedKey: true } }),
  ]);
  const providerKeys = Object.fromEntries(
    providers.map((provider) => [customKeyVariable(provider.slug), openValue(provider.sealedKey!, env)]),
  );
  return { ...fromEnvironment, ...secrets, ...providerKeys };
}
