// Secret values never reach the timeline: before a sandbox's events are stored (and so before
// they are published), every string in them that contains a secret's value or a model provider's
// key — of at least 6 characters, shorter ones would match ordinary text — has it replaced by
// [secret:NAME].
import type { DbClient } from "../db";
import { getDb } from "../db";
import { type Env, getEnv } from "../env";
import { type Redactor, redactorCache as cache } from "./redactor-cache";
import { redactedValues } from "./sandbox-credentials";

export const MIN_REDACTED_LENGTH = 6;
/** Values are read again at most this often per repository (they change rarely). */
const CACHE_MS = 10_000;

export async function redactorFor(
  repositoryId: string,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<Redactor> {
  const cached = cache.get(repositoryId);
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.redactor;
  const values = await redactedValues(repositoryId, db, env);
  const redactor = Object.entries(values)
    .filter(([, value]) => value.length >= MIN_REDACTED_LENGTH)
    .map(([name, value]) => ({ name, value }))
    // A longer value first, so that one containing another is replaced whole.
    .sort((a, b) => b.value.length - a.value.length);
  cache.set(repositoryId, { at: Date.now(), redactor });
  return redactor;
}

export function redact<T>(value: T, redactor: Redactor): T {
  if (redactor.length === 0) return value;
  const walk = (node: unknown): unknown => {
    if (typeof node === "string")
      return redactor.reduce(
        (text, secret) =>
          text.includes(secret.value) ? text.split(secret.value).join(`[secret:${secret.name}]`) : text,
        node,
      );
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === "object")
      return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, walk(child)]));
    return node;
  };
  return walk(value) as T;
}
