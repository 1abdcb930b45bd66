// Secrets for sandboxes: environment variables whose values are sealed at rest, injected into a
// sandbox when it is created, and never shown again — lists say only the names, their scope and
// when each was last changed. Global secrets reach every sandbox; a repository's win over global
// ones of the same name. docs/secrets.md.
import { BRIDGE_ENV } from "../../sandbox/bridge/protocol";
import { type DbClient, type DbTransaction, getDb, inTransaction } from "../db";
import { type Env, getEnv } from "../env";
import { AppError } from "../errors";
import { decryptSecret, encryptSecret, keyFromBase64 } from "./crypto";
import { forgetRedactors } from "./redactor-cache";

export { isSealed } from "./crypto";

export const SECRET_LIMITS = { keysPerScope: 50, valueBytes: 16 * 1024, scopeBytes: 64 * 1024 } as const;

export type SecretScopeRef = { scope: "global" } | { scope: "repository"; repositoryId: string };
export type SecretSummary = {
  key: string;
  scope: "global" | "repository";
  updatedAt: Date;
  updatedBy: { id: string; name: string | null } | null;
};

/** Names Nightshift itself sets in every sandbox, or that would break one. */
const RESERVED_NAMES = new Set([
  "PATH",
  "HOME",
  "USER",
  "SHELL",
  "PWD",
  "TMPDIR",
  "LANG",
  "TERM",
  "NODE_OPTIONS",
  "GIT_COMMITTER_NAME",
  "GIT_COMMITTER_EMAIL",
  "GIT_TERMINAL_PROMPT",
  "GIT_ASKPASS",
  "OPENINSPECT_BOOT_MODE",
  ...Object.values(BRIDGE_ENV),
]);
const RESERVED_PREFIXES = ["NIGHTSHIFT_", "OPENCODE_"];
/** Provider keys are secrets like any other (docs/models.md), whatever their prefix. */
const ALLOWED_DESPITE_PREFIX = new Set(["OPENCODE_API_KEY"]);

const scopeIdOf = (ref: SecretScopeRef) => (ref.scope === "global" ? "global" : ref.repositoryId);
const bytesText = (bytes: number) => `${bytes.toLocaleString("en-US")} bytes`;

/** The stored form of a name, or why it cannot be one. */
export function secretName(raw: string): { key: string } | { error: string } {
  const key = raw.trim().toUpperCase();
  if (!/^[A-Z_][A-Z0-9_]{0,127}$/.test(key))
    return {
      error: `${raw.trim() || "(empty)"} is not an environment variable name: letters, digits and _, not starting with a digit.`,
    };
  if (
    RESERVED_NAMES.has(key) ||
    (RESERVED_PREFIXES.some((prefix) => key.startsWith(prefix)) && !ALLOWED_DESPITE_PREFIX.has(key))
  )
    return { error: `${key} is set by Nightshift in every sandbox and cannot be a secret.` };
  return { key };
}

function sealingKey(env: Env): Buffer {
  if (!env.NIGHTSHIFT_SECRETS_KEY)
    throw new AppError(
      "UNAVAILABLE",
      "Secrets need NIGHTSHIFT_SECRETS_KEY (32 bytes in base64: openssl rand -base64 32); docs/secrets.md.",
    );
  return keyFromBase64(env.NIGHTSHIFT_SECRETS_KEY);
}

/** Seals a value with NIGHTSHIFT_SECRETS_KEY, as secrets are (custom providers' keys use it too). */
export function sealValue(value: string, env: Env = getEnv()): string {
  return encryptSecret(value, sealingKey(env));
}

export function openValue(sealed: string, env: Env = getEnv()): string {
  return decryptSecret(sealed, sealingKey(env));
}

export async function listSecrets(ref: SecretScopeRef, db: DbClient = getDb()): Promise<SecretSummary[]> {
  return db.secret.findMany({
    where: { scopeId: scopeIdOf(ref) },
    orderBy: { key: "asc" },
    select: { key: true, scope: true, updatedAt: true, updatedBy: { select: { id: true, name: true } } },
  });
}

export type SecretChange = { key: string; value: string };
export type SecretPlan = { added: string[]; replaced: string[] };

/**
 * Saves the secrets of one scope together, or none of them: every name valid and not reserved,
 * each value at most 16 KB, the scope at most 50 secrets and 64 KB. Refusals name each problem.
 */
export async function setSecrets(
  options: { ref: SecretScopeRef; changes: SecretChange[]; actorId: string },
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<SecretPlan> {
  const key = sealingKey(env);
  return inTransaction(db, async (tx) => {
    // Two saves to one scope at once must not both pass the limits.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`secrets:${scopeIdOf(options.ref)}`}))`;
    const plan = await planChanges(tx, options.ref, options.changes);
    for (const change of plan.changes) {
      const data = {
        sealedValue: encryptSecret(change.value, key),
        valueBytes: Buffer.byteLength(change.value, "utf8"),
        updatedById: options.actorId,
      };
      await tx.secret.upsert({
        where: { scopeId_key: { scopeId: scopeIdOf(options.ref), key: change.key } },
        create: {
          scope: options.ref.scope,
          scopeId: scopeIdOf(options.ref),
          repositoryId: options.ref.scope === "repository" ? options.ref.repositoryId : null,
          key: change.key,
          ...data,
        },
        update: data,
      });
    }
    return { added: plan.added, replaced: plan.replaced };
  }).finally(() => forgetRedactors());
}

/** What saving these would add and replace — names only — or the same refusals setSecrets gives. */
export async function previewSecrets(
  ref: SecretScopeRef,
  changes: SecretChange[],
  db: DbClient = getDb(),
): Promise<SecretPlan> {
  const plan = await planChanges(db, ref, changes);
  return { added: plan.added, replaced: plan.replaced };
}

export async function deleteSecret(ref: SecretScopeRef, rawKey: string, db: DbClient = getDb()): Promise<void> {
  const { count } = await db.secret.deleteMany({
    where: { scopeId: scopeIdOf(ref), key: rawKey.trim().toUpperCase() },
  });
  forgetRedactors();
  if (count === 0) throw new AppError("NOT_FOUND", `There is no secret ${rawKey.trim().toUpperCase()} here.`);
}

/** The values a repository's sandboxes get: global secrets, then the repository's over them. */
export async function secretsForSandbox(
  repositoryId: string,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<Record<string, string>> {
  const rows = await db.secret.findMany({
    where: { scopeId: { in: ["global", repositoryId] } },
    select: { key: true, scope: true, sealedValue: true },
  });
  if (rows.length === 0) return {};
  const key = sealingKey(env);
  const ordered = [
    ...rows.filter((row) => row.scope === "global"),
    ...rows.filter((row) => row.scope === "repository"),
  ];
  return Object.fromEntries(ordered.map((row) => [row.key, decryptSecret(row.sealedValue, key)]));
}

async function planChanges(db: DbClient | DbTransaction, ref: SecretScopeRef, changes: SecretChange[]) {
  const problems: string[] = [];
  const byKey = new Map<string, SecretChange>();
  for (const change of changes) {
    const name = secretName(change.key);
    if ("error" in name) {
      problems.push(name.error);
      continue;
    }
    const bytes = Buffer.byteLength(change.value, "utf8");
    if (bytes > SECRET_LIMITS.valueBytes)
      problems.push(
        `${name.key}: a value can be at most 16 KB (${bytesText(SECRET_LIMITS.valueBytes)}); this one is ${bytesText(bytes)}.`,
      );
    byKey.set(name.key, { key: name.key, value: change.value });
  }
  const existing = await db.secret.findMany({
    where: { scopeId: scopeIdOf(ref) },
    select: { key: true, valueBytes: true },
  });
  const sizes = new Map(existing.map((row) => [row.key, row.valueBytes]));
  for (const change of byKey.values()) sizes.set(change.key, Buffer.byteLength(change.value, "utf8"));
  if (sizes.size > SECRET_LIMITS.keysPerScope)
    problems.push(`A scope can hold at most ${SECRET_LIMITS.keysPerScope} secrets; this would make ${sizes.size}.`);
  const total = [...sizes.values()].reduce((sum, bytes) => sum + bytes, 0);
  if (total > SECRET_LIMITS.scopeBytes)
    problems.push(
      `A scope's values can total at most 64 KB (${bytesText(SECRET_LIMITS.scopeBytes)}); this would make ${bytesText(total)}.`,
    );
  if (problems.length > 0) throw new AppError("VALIDATION", problems.join(" "), { fieldErrors: { secrets: problems } });
  const before = new Set(existing.map((row) => row.key));
  const keys = [...byKey.keys()];
  return {
    changes: [...byKey.values()],
    added: keys.filter((key) => !before.has(key)),
    replaced: keys.filter((key) => before.has(key)),
  };
}
