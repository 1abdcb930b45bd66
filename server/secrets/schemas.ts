// What people and scripts send about secrets, shared by the tRPC procedures, the public API and
// its OpenAPI document. Names and values are checked further by setSecrets (names, reserved
// names, sizes), so a pasted file and a JSON map are refused alike.
import { z } from "zod";

/** No repositoryId: the global secrets. */
export const secretScopeInput = z.object({ repositoryId: z.string().min(1).max(64).nullish() });

export const pastedSecretsText = z.string().max(200_000, "Paste at most 200,000 characters at once.");

/** Names to values, as scripts send them; more than a scope may hold is refused by setSecrets with the limit. */
export const secretMap = z
  .record(z.string().max(128, "A name can be at most 128 characters."), z.string())
  .refine((map) => Object.keys(map).length <= 200, "Send at most 200 secrets at once.");

export const secretKey = z.string().min(1).max(128);

/** A pasted .env file, or a map of names to values: what preview and save take. */
export type SecretsSource = { text: string } | { secrets: Record<string, string> };
