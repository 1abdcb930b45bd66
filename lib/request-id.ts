/**
 * A random id for a request, kept across its retries so the server can tell them apart from new
 * requests. `crypto.randomUUID` exists only in secure contexts (HTTPS, localhost); a self-hosted
 * Nightshift reached over plain HTTP on a network gets a v4 UUID from `getRandomValues` instead.
 */
export function newRequestId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
