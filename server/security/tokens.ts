import { createHash, randomBytes } from "node:crypto";

/** A new bearer token: a prefix saying what it is for, then 32 random bytes, base64url. */
export function generateToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

/** What is stored: the SHA-256 of the token. A token has 256 random bits, so no salt is needed. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
