// Secret values at rest: AES-256-GCM round trips, a fresh IV each time, and anything altered —
// ciphertext, tag, IV, or the key — refused rather than decrypted.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, keyFromBase64 } from "@/server/secrets/crypto";

const key = randomBytes(32);

describe("secret encryption", () => {
  it("round-trips any text, with a different ciphertext each time", () => {
    for (const value of ["s3cr3t", "", "ünïcødé 🔑", "x".repeat(16 * 1024), "line one\nline two"]) {
      const sealed = encryptSecret(value, key);
      expect(sealed).toMatch(/^v1:[A-Za-z0-9+/=]{16}:[A-Za-z0-9+/=]+$/);
      expect(decryptSecret(sealed, key)).toBe(value);
    }
    expect(encryptSecret("same", key)).not.toBe(encryptSecret("same", key));
  });

  it("refuses a tampered ciphertext, tag or IV, and another key", () => {
    const sealed = encryptSecret("database-password", key);
    const [version, iv, body] = sealed.split(":") as [string, string, string];
    const flip = (base64: string, at: number) => {
      const bytes = Buffer.from(base64, "base64");
      bytes[at] = bytes[at]! ^ 1;
      return bytes.toString("base64");
    };
    const message = /could not be decrypted: it was altered, or NIGHTSHIFT_SECRETS_KEY changed/;
    expect(() => decryptSecret(`${version}:${iv}:${flip(body, 0)}`, key)).toThrow(message);
    expect(() => decryptSecret(`${version}:${iv}:${flip(body, Buffer.from(body, "base64").length - 1)}`, key)).toThrow(
      message,
    );
    expect(() => decryptSecret(`${version}:${flip(iv, 0)}:${body}`, key)).toThrow(message);
    expect(() => decryptSecret(sealed, randomBytes(32))).toThrow(message);
    expect(() => decryptSecret("v2:nonsense", key)).toThrow(message);
  });

  it("wants a 32-byte key and says how to make one", () => {
    expect(keyFromBase64(key.toString("base64"))).toEqual(key);
    expect(() => keyFromBase64(randomBytes(16).toString("base64"))).toThrow(
      "must be 32 bytes in base64 (it is 16 bytes): openssl rand -base64 32",
    );
  });
});
