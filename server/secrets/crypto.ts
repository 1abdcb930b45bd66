// Secret values at rest: AES-256-GCM with a random 12-byte IV per value; the tag authenticates
// the ciphertext, so a value altered in the database is refused rather than decrypted to
// garbage. Stored as "v1:<iv>:<ciphertext><tag>" in base64. The key is 32 bytes
// (NIGHTSHIFT_SECRETS_KEY, base64). docs/secrets.md.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { AppError } from "../errors";

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function keyFromBase64(base64: string): Buffer {
  const key = Buffer.from(base64, "base64");
  if (key.length !== 32)
    throw new AppError(
      "UNAVAILABLE",
      `NIGHTSHIFT_SECRETS_KEY must be 32 bytes in base64 (it is ${key.length} bytes): openssl rand -base64 32`,
    );
  return key;
}

/** Whether a stored value is sealed by encryptSecret (anything else was stored in plain text). */
export function isSealed(stored: string): boolean {
  return stored.startsWith("v1:");
}

export function encryptSecret(plaintext: string, key: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `v1:${iv.toString("base64")}:${sealed.toString("base64")}`;
}

export function decryptSecret(stored: string, key: Buffer): string {
  const [version, ivText, sealedText] = stored.split(":");
  const iv = Buffer.from(ivText ?? "", "base64");
  const sealed = Buffer.from(sealedText ?? "", "base64");
  if (version !== "v1" || iv.length !== IV_BYTES || sealed.length < TAG_BYTES) throw tampered();
  const decipher = createDecipheriv("aes-256-gcm", key, iv);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw tampered();
  }
}

function tampered(): AppError {
  return new AppError(
    "INTERNAL",
    "A stored secret could not be decrypted: it was altered, or NIGHTSHIFT_SECRETS_KEY changed since it was saved.",
  );
}
