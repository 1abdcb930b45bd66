// The short-lived credentials a sandbox's git uses for its session's local repository, served by
// the control plane over smart HTTP (./serve-git.ts). The password names the sandbox and when it
// expires, sealed (AES-256-GCM, ../../secrets/crypto.ts) with NIGHTSHIFT_SECRETS_KEY: nothing is
// stored, the control plane alone can make or read one, and one altered by a single bit is
// refused. It is good for an hour at most, like GitHub's installation tokens, and only while its
// sandbox is live. docs/decisions.md.
import { z } from "zod";
import type { GitCredentialsReply } from "../../../sandbox/bridge/protocol";
import { type Env, getEnv } from "../../env";
import { AppError } from "../../errors";
import { decryptSecret, encryptSecret, keyFromBase64 } from "../../secrets/crypto";

export const LOCAL_GIT_USERNAME = "nightshift";
export const LOCAL_GIT_CREDENTIALS_TTL_MS = 60 * 60_000;

/** What a password holds; `use` keeps it apart from anything else sealed with the same key. */
const sealedSchema = z.object({
  use: z.literal("local-git"),
  sandboxId: z.string().min(1),
  expiresAt: z.number().int(),
});

function sealingKey(env: Env): Buffer {
  if (!env.NIGHTSHIFT_SECRETS_KEY)
    throw new AppError(
      "UNAVAILABLE",
      "Sandboxes reach local repositories with credentials sealed by NIGHTSHIFT_SECRETS_KEY, which is not set (32 bytes in base64: openssl rand -base64 32); docs/secrets.md.",
    );
  return keyFromBase64(env.NIGHTSHIFT_SECRETS_KEY);
}

export function issueLocalGitCredentials(
  sandboxId: string,
  options: { now?: number; env?: Env } = {},
): GitCredentialsReply {
  const expiresAt = (options.now ?? Date.now()) + LOCAL_GIT_CREDENTIALS_TTL_MS;
  const sealed = { use: "local-git", sandboxId, expiresAt } satisfies z.infer<typeof sealedSchema>;
  return {
    username: LOCAL_GIT_USERNAME,
    password: encryptSecret(JSON.stringify(sealed), sealingKey(options.env ?? getEnv())),
    expiresAt: new Date(expiresAt).toISOString(),
  };
}

/** The sandbox a password was issued to; UNAUTHENTICATED when it is not one of ours or has expired. */
export function openLocalGitPassword(password: string, options: { now?: number; env?: Env } = {}): string {
  const key = sealingKey(options.env ?? getEnv());
  let opened: z.infer<typeof sealedSchema> | undefined;
  try {
    opened = sealedSchema.safeParse(JSON.parse(decryptSecret(password, key))).data;
  } catch {
    opened = undefined;
  }
  if (!opened) throw new AppError("UNAUTHENTICATED", "These are not a Nightshift sandbox's git credentials.");
  if (opened.expiresAt <= (options.now ?? Date.now()))
    throw new AppError("UNAUTHENTICATED", "These git credentials have expired; git asks for new ones.");
  return opened.sandboxId;
}
