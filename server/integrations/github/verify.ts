// GitHub signs each webhook delivery: X-Hub-Signature-256 is "sha256=" and the HMAC-SHA256 of
// the raw body with the App's webhook secret. Compared in constant time.
import { createHmac, timingSafeEqual } from "node:crypto";

export function isValidSignature(secret: string, rawBody: string, header: string | null): boolean {
  if (!header?.startsWith("sha256=")) return false;
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(rawBody, "utf8").digest("hex")}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
