// The Pusher Channels protocol (version 7) as the embedded realtime server speaks it: the
// limits, the close codes, the shapes of what clients send, and how frames are encoded. Nothing
// here knows about sockets; connection.ts and http-api.ts use it.
import { z } from "zod";

export const PROTOCOL_VERSION = 7;

/** Pusher's documented limits; the embedded server enforces the same ones as the cloud. */
export const LIMITS = {
  /** Event data published through the HTTP API, and any message a client sends. */
  messageBytes: 10_240,
  channelsPerEvent: 100,
  eventsPerBatch: 10,
  eventNameLength: 200,
  /** The `pusher` server SDK refuses longer names, so nothing it sends is refused here. */
  channelNameLength: 200,
  presenceUserIdLength: 128,
  presenceMembers: 100,
  /** Seconds an HTTP API request's auth_timestamp may differ from the server's clock. */
  timestampSkewSeconds: 600,
} as const;

/** Close codes from the protocol's "Error Codes" section (4000-4099: do not retry unchanged). */
export const CLOSE_CODES = {
  applicationDoesNotExist: 4001,
  pathNotFound: 4005,
  unsupportedProtocolVersion: 4007,
  noProtocolVersion: 4008,
  /** 4200-4299: the client should reconnect at once. */
  pongNotReceived: 4201,
} as const;

const CHANNEL_NAME = /^[A-Za-z0-9_\-=@,.;]+$/;

export const channelNameSchema = z
  .string()
  .min(1)
  .max(LIMITS.channelNameLength)
  .regex(CHANNEL_NAME, "may contain only letters, digits and _ - = @ , . ;");

export const socketIdSchema = z.string().regex(/^\d+\.\d+$/, "must look like 1234.5678");

export type ChannelKind = "public" | "private" | "presence";

export function channelKind(channel: string): ChannelKind {
  if (channel.startsWith("presence-")) return "presence";
  // `private-encrypted-` channels are private channels to the server: the payload is encrypted
  // end to end with a key the server never sees.
  if (channel.startsWith("private-")) return "private";
  return "public";
}

/** Every client frame is `{ event, data?, channel? }`; `data` may arrive double-encoded. */
export const clientMessageSchema = z.object({
  event: z.string().min(1),
  data: z.unknown().optional(),
  channel: z.string().optional(),
});
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export const subscribeDataSchema = z.object({
  channel: z.string(),
  auth: z.string().optional(),
  channel_data: z.string().optional(),
});
export type SubscribeData = z.infer<typeof subscribeDataSchema>;

export const unsubscribeDataSchema = z.object({ channel: z.string() });

/** A presence subscription's `channel_data`, signed by the application server. */
export const presenceChannelDataSchema = z.object({
  user_id: z.union([z.string().min(1).max(LIMITS.presenceUserIdLength), z.number()]).transform(String),
  user_info: z.unknown().optional(),
});

/** What the server sends: `data` is always a string, JSON-encoded when it is an object. */
export function encodeFrame(event: string, data: unknown, channel?: string): string {
  const encoded = typeof data === "string" ? data : JSON.stringify(data);
  return JSON.stringify(channel === undefined ? { event, data: encoded } : { event, channel, data: encoded });
}

/** A `pusher:error`; `code` is null for errors that leave the connection open. */
export function errorFrame(message: string, code: number | null = null): string {
  return encodeFrame("pusher:error", { code, message });
}

/** Shaped as pusher-js shapes its own authorization failures, so the same handler sees both. */
export function subscriptionErrorFrame(channel: string, error: string, status: number): string {
  const type = status === 401 || status === 403 ? "AuthError" : "SubscriptionError";
  return encodeFrame("pusher:subscription_error", { type, error, status }, channel);
}

/** Parses a client frame's `data`, which some clients send as a JSON string. */
export function decodeData(data: unknown): unknown {
  if (typeof data !== "string") return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}

/** A path segment decoded; a malformed escape (`%E0%A4%A`) gives undefined, not an exception. */
export function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
