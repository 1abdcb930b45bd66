// What people do with secrets, with who may do it: every signed-in person manages the global
// secrets (one organisation); a repository's secrets need write access to it. A pasted .env file
// is previewed (names only: what would be added, what replaced) before it is saved; scripts may
// send a map of names to values instead, which goes through the same checks.
import { type DbClient, getDb } from "../db";
import { AppError } from "../errors";
import { assertRepositoryAccess } from "../git/repository-access";
import { parseDotenv } from "./dotenv";
import type { SecretsSource } from "./schemas";
import {
  deleteSecret,
  listSecrets,
  previewSecrets,
  type SecretPlan,
  type SecretScopeRef,
  type SecretSummary,
  setSecrets,
} from "./secrets";

export type ScopeInput = { repositoryId?: string | null };

async function scopeFor(input: ScopeInput, userId: string, db: DbClient): Promise<SecretScopeRef> {
  if (!input.repositoryId) return { scope: "global" };
  const repository = await db.repository.findUnique({
    where: { id: input.repositoryId },
    select: { id: true, provider: true, owner: true, name: true },
  });
  if (!repository) throw new AppError("NOT_FOUND", "That repository does not exist; it may have been removed.");
  await assertRepositoryAccess(userId, repository, "write", db);
  return { scope: "repository", repositoryId: repository.id };
}

function changesOf(source: SecretsSource) {
  if ("secrets" in source) {
    const changes = Object.entries(source.secrets).map(([key, value]) => ({ key, value }));
    if (changes.length === 0) throw AppError.field("secrets", "There is no secret to save.");
    return changes;
  }
  const parsed = parseDotenv(source.text);
  if (parsed.errors.length > 0) {
    const problems = parsed.errors.map((error) => `Line ${error.line} ${error.message}.`);
    throw new AppError("VALIDATION", problems.join(" "), { fieldErrors: { text: problems } });
  }
  if (parsed.entries.length === 0) throw AppError.field("text", "There is no KEY=value line to save.");
  return parsed.entries.map(({ key, value }) => ({ key, value }));
}

export async function listScopeSecrets(
  input: ScopeInput,
  userId: string,
  db: DbClient = getDb(),
): Promise<SecretSummary[]> {
  return listSecrets(await scopeFor(input, userId, db), db);
}

export async function previewPastedSecrets(
  input: ScopeInput & SecretsSource,
  userId: string,
  db: DbClient = getDb(),
): Promise<SecretPlan> {
  return previewSecrets(await scopeFor(input, userId, db), changesOf(input), db);
}

export async function savePastedSecrets(
  input: ScopeInput & SecretsSource,
  userId: string,
  db: DbClient = getDb(),
): Promise<SecretPlan> {
  return setSecrets({ ref: await scopeFor(input, userId, db), changes: changesOf(input), actorId: userId }, db);
}

export async function removeSecret(
  input: ScopeInput & { key: string },
  userId: string,
  db: DbClient = getDb(),
): Promise<{ key: string }> {
  await deleteSecret(await scopeFor(input, userId, db), input.key, db);
  return { key: input.key.trim().toUpperCase() };
}
