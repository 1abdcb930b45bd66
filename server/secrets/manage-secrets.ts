// What people do with secrets, with who may do it: everyone may list the global secrets' names,
// administrators alone change them (they reach every sandbox, model provider keys included); a
// repository's secrets need write access to it, to list them as to change them. A pasted .env
// file is previewed (names only: what would be added, what replaced) before it is saved; scripts
// may send a map of names to values instead, which goes through the same checks. docs/access.md.
import type { Actor } from "../access/actor";
import { assertAdministrator } from "../access/administrators";
import { authorizeRepository } from "../access/repository-access";
import { type DbClient, getDb } from "../db";
import { AppError } from "../errors";
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

/** No repositoryId: the global secrets. */
export type SecretScopeOptions = { repositoryId?: string | null; actor: Actor };

async function scopeFor(options: SecretScopeOptions, need: "read" | "write", db: DbClient): Promise<SecretScopeRef> {
  if (!options.repositoryId) {
    if (need === "write") assertAdministrator(options.actor, "change the global secrets");
    return { scope: "global" };
  }
  const repository = await authorizeRepository(
    { repositoryId: options.repositoryId, actor: options.actor, need: "write" },
    db,
  );
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

export async function listScopeSecrets(options: SecretScopeOptions, db: DbClient = getDb()): Promise<SecretSummary[]> {
  return listSecrets(await scopeFor(options, "read", db), db);
}

export async function previewPastedSecrets(
  options: SecretScopeOptions & SecretsSource,
  db: DbClient = getDb(),
): Promise<SecretPlan> {
  return previewSecrets(await scopeFor(options, "write", db), changesOf(options), db);
}

export async function savePastedSecrets(
  options: SecretScopeOptions & SecretsSource,
  db: DbClient = getDb(),
): Promise<SecretPlan> {
  const ref = await scopeFor(options, "write", db);
  return setSecrets({ ref, changes: changesOf(options), actorId: options.actor.id }, db);
}

export async function removeSecret(
  options: SecretScopeOptions & { key: string },
  db: DbClient = getDb(),
): Promise<{ key: string }> {
  await deleteSecret(await scopeFor(options, "write", db), options.key, db);
  return { key: options.key.trim().toUpperCase() };
}
