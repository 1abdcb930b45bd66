import { createHash, randomBytes } from "node:crypto";

const TOKEN_PREFIX = "nst_";

/** A new token: "nst_" and 32 random bytes, base64url. */
export function generateApiToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
}

/** What is stored: the SHA-256 of the token. A token has 256 random bits, so no salt is needed. */
export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The start of a token, shown beside its name so people can tell tokens apart. */
export function displayPrefix(token: string): string {
  return token.slice(0, TOKEN_PREFIX.length + 6);
}
