// The two signatures of the Pusher protocol: a channel subscription's `auth` (HMAC-SHA256 of
// `socket_id:channel[:channel_data]`, sent as `key:signature`) and an HTTP API request's
// `auth_signature` (HMAC-SHA256 of `METHOD\npath\nsorted query`). Compared in constant time.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { LIMITS } from "./protocol";

export type Credentials = { key: string; secret: string };

export function hmacHex(secret: string, value: string): string {
  return createHmac("sha256", secret).update(value, "utf8").digest("hex");
}

export function md5Hex(value: string): string {
  return createHash("md5").update(value, "utf8").digest("hex");
}

/** Constant-time for equal lengths; a length mismatch says nothing about the secret. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

export type ChannelAuthInput = {
  socketId: string;
  channel: string;
  auth: string | undefined;
  /** Exactly the string the client sent; presence signatures cover it byte for byte. */
  channelData?: string;
};

export function isValidChannelAuth(credentials: Credentials, input: ChannelAuthInput): boolean {
  if (!input.auth) return false;
  const signed = [input.socketId, input.channel, ...(input.channelData === undefined ? [] : [input.channelData])];
  const expected = `${credentials.key}:${hmacHex(credentials.secret, signed.join(":"))}`;
  return safeEqual(input.auth, expected);
}

/**
 * The string an HTTP API request signs: keys lower-cased and sorted by code unit (as the
 * `pusher` SDK sorts them, not by locale), values as they are, nothing URL-escaped.
 */
export function apiStringToSign(method: string, path: string, query: URLSearchParams): string {
  const pairs = [...query]
    .map(([key, value]) => [key.toLowerCase(), value] as const)
    .filter(([key]) => key !== "auth_signature")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`);
  return [method.toUpperCase(), path, pairs.join("&")].join("\n");
}

export type ApiRequestToVerify = {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
  /** Seconds since the epoch; a parameter so tests can pin the clock. */
  nowSeconds: number;
};

export type Verdict = { ok: true } | { ok: false; message: string };

export function verifyApiRequest(credentials: Credentials, request: ApiRequestToVerify): Verdict {
  const { query } = request;
  const signature = query.get("auth_signature");
  const timestamp = Number(query.get("auth_timestamp"));
  if (!signature || !query.get("auth_timestamp")) return refuse("auth_signature and auth_timestamp are required");
  if (query.get("auth_key") !== credentials.key) return refuse("Unknown auth_key");
  if (query.get("auth_version") !== "1.0") return refuse("auth_version must be 1.0");
  const expected = hmacHex(credentials.secret, apiStringToSign(request.method, request.path, query));
  if (!safeEqual(signature, expected))
    return refuse("Invalid signature: the auth_signature does not match the request");
  if (!Number.isFinite(timestamp) || Math.abs(request.nowSeconds - timestamp) > LIMITS.timestampSkewSeconds) {
    return refuse(
      `Timestamp expired: ${query.get("auth_timestamp")} is not within ${LIMITS.timestampSkewSeconds}s of the server's time (${request.nowSeconds})`,
    );
  }
  const bodyMd5 = query.get("body_md5");
  if (request.body.length > 0 && bodyMd5 === null) return refuse("body_md5 is required for a request with a body");
  if (bodyMd5 !== null && !safeEqual(bodyMd5, md5Hex(request.body))) return refuse("body_md5 does not match the body");
  return { ok: true };
}

function refuse(message: string): Verdict {
  return { ok: false, message };
}
