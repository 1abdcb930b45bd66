// One client connection, speaking the protocol over whatever carries its frames: the handshake
// checks, connection_established, ping and pong both ways, subscribe and unsubscribe with their
// signatures, and presence announcements. The WebSocket itself stays in pusher-server.ts.
import { randomInt } from "node:crypto";
import type { ChannelRegistry, PresenceMember, Subscriber } from "./channel-registry";
import {
  CLOSE_CODES,
  PROTOCOL_VERSION,
  type ClientMessage,
  type SubscribeData,
  channelKind,
  channelNameSchema,
  clientMessageSchema,
  decodeData,
  encodeFrame,
  errorFrame,
  presenceChannelDataSchema,
  safeDecode,
  subscribeDataSchema,
  subscriptionErrorFrame,
  unsubscribeDataSchema,
} from "./protocol";
import { type Credentials, isValidChannelAuth } from "./signatures";

/** What a connection needs of its carrier. */
export type Transport = { send(frame: string): void; close(code: number, reason: string): void };

export type ConnectionSettings = {
  credentials: Credentials;
  registry: ChannelRegistry;
  activityTimeoutSeconds: number;
  pongTimeoutSeconds: number;
  maxMessageBytes: number;
  maxPresenceMembers: number;
};

export type HandshakeRefusal = { code: number; message: string };

/** Checks the upgrade request's `/app/{key}?protocol=N`; undefined means accept. */
export function checkHandshake(url: URL, appKey: string): HandshakeRefusal | undefined {
  const match = /^\/app\/([^/]+)\/?$/.exec(url.pathname);
  if (!match) return { code: CLOSE_CODES.pathNotFound, message: "Path not found: connect to /app/{key}" };
  if (safeDecode(match[1] ?? "") !== appKey) {
    return { code: CLOSE_CODES.applicationDoesNotExist, message: "Application does not exist: unknown app key" };
  }
  const protocol = url.searchParams.get("protocol");
  if (protocol === null || protocol === "")
    return { code: CLOSE_CODES.noProtocolVersion, message: "No protocol version supplied" };
  const version = Number(protocol);
  if (!Number.isInteger(version) || version < PROTOCOL_VERSION) {
    return {
      code: CLOSE_CODES.unsupportedProtocolVersion,
      message: `Unsupported protocol version ${protocol}: ${PROTOCOL_VERSION} or later is required`,
    };
  }
  return undefined;
}

/** `<int>.<int>`, the shape the `pusher` SDK validates for socket_id exclusion. */
export function newSocketId(taken: ReadonlySet<string> | ReadonlyMap<string, unknown>): string {
  for (;;) {
    const id = `${randomInt(1, 2 ** 31)}.${randomInt(1, 2 ** 31)}`;
    if (!taken.has(id)) return id;
  }
}

type SubscriptionCheck = { ok: true; member?: PresenceMember } | { ok: false; status: number; message: string };

export class PusherConnection implements Subscriber {
  private readonly channels = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private isClosed = false;

  constructor(
    readonly socketId: string,
    private readonly transport: Transport,
    private readonly settings: ConnectionSettings,
  ) {}

  open(): void {
    this.deliver(
      encodeFrame("pusher:connection_established", {
        socket_id: this.socketId,
        activity_timeout: this.settings.activityTimeoutSeconds,
      }),
    );
    this.noteActivity();
  }

  deliver(frame: string): void {
    if (!this.isClosed) this.transport.send(frame);
  }

  /** Anything the client sends, a WebSocket pong included, shows it is alive. */
  noteActivity(): void {
    if (this.isClosed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.ping(), this.settings.activityTimeoutSeconds * 1000);
    this.timer.unref();
  }

  receive(text: string, byteLength: number): void {
    this.noteActivity();
    if (byteLength > this.settings.maxMessageBytes) {
      this.deliver(
        errorFrame(`Message of ${byteLength} bytes refused: the limit is ${this.settings.maxMessageBytes} bytes`),
      );
      return;
    }
    const message = parseMessage(text);
    if (!message) {
      this.deliver(errorFrame("Invalid message: expected a JSON object with an event name"));
      return;
    }
    this.dispatch(message.event, message.data);
  }

  /** The carrier closed, for whatever reason: leave every channel. */
  closed(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    clearTimeout(this.timer);
    for (const channel of [...this.channels]) this.leave(channel);
  }

  private dispatch(event: string, data: unknown): void {
    switch (event) {
      case "pusher:ping":
        return this.deliver(encodeFrame("pusher:pong", {}));
      case "pusher:pong":
        return;
      case "pusher:subscribe":
        return this.subscribe(data);
      case "pusher:unsubscribe":
        return this.unsubscribe(data);
      default:
        if (event.startsWith("client-"))
          return this.deliver(errorFrame("Client events are not enabled on this server"));
        return this.deliver(errorFrame(`Unsupported event: ${event}`));
    }
  }

  private ping(): void {
    this.deliver(encodeFrame("pusher:ping", {}));
    this.timer = setTimeout(() => this.giveUp(), this.settings.pongTimeoutSeconds * 1000);
    this.timer.unref();
  }

  /** Leaves at once: a peer that missed its pong may not answer the close handshake either. */
  private giveUp(): void {
    this.transport.close(CLOSE_CODES.pongNotReceived, "Pong reply not received");
    this.closed();
  }

  private subscribe(data: unknown): void {
    const parsed = subscribeDataSchema.safeParse(decodeData(data));
    if (!parsed.success) return this.deliver(errorFrame("Invalid pusher:subscribe: data.channel is required"));
    const { channel } = parsed.data;
    const check = this.checkSubscription(parsed.data);
    if (!check.ok) return this.deliver(subscriptionErrorFrame(channel, check.message, check.status));
    const { registry } = this.settings;
    if (!registry.isSubscribed(channel, this.socketId)) {
      const { isNewMember } = registry.subscribe(channel, this, check.member);
      this.channels.add(channel);
      if (isNewMember && check.member) {
        const added = { user_id: check.member.userId, user_info: check.member.userInfo };
        registry.publish(channel, encodeFrame("pusher_internal:member_added", added, channel), this.socketId);
      }
    }
    const succeeded = channelKind(channel) === "presence" ? { presence: registry.presence(channel) } : {};
    this.deliver(encodeFrame("pusher_internal:subscription_succeeded", succeeded, channel));
  }

  private checkSubscription({ channel, auth, channel_data: channelData }: SubscribeData): SubscriptionCheck {
    if (!channelNameSchema.safeParse(channel).success)
      return { ok: false, status: 400, message: `Invalid channel name: ${channel}` };
    const kind = channelKind(channel);
    if (kind === "public") return { ok: true };
    const signedData = kind === "presence" ? channelData : undefined;
    const input = { socketId: this.socketId, channel, auth, channelData: signedData };
    if (!isValidChannelAuth(this.settings.credentials, input)) {
      return {
        ok: false,
        status: 401,
        message: `Invalid signature for ${channel}: expected the HMAC-SHA256 of "${this.socketId}:${channel}${signedData === undefined ? "" : ":<channel_data>"}"`,
      };
    }
    if (kind === "private") return { ok: true };
    return this.checkPresence(channel, channelData);
  }

  private checkPresence(channel: string, channelData: string | undefined): SubscriptionCheck {
    const parsed = presenceChannelDataSchema.safeParse(channelData === undefined ? undefined : decodeData(channelData));
    if (!parsed.success)
      return { ok: false, status: 400, message: "Presence channel_data must be JSON with a user_id" };
    const member = { userId: parsed.data.user_id, userInfo: parsed.data.user_info };
    const { registry, maxPresenceMembers } = this.settings;
    if (!registry.hasMember(channel, member.userId) && registry.info(channel).userCount >= maxPresenceMembers) {
      return {
        ok: false,
        status: 403,
        message: `Presence channel ${channel} already has ${maxPresenceMembers} members`,
      };
    }
    return { ok: true, member };
  }

  private unsubscribe(data: unknown): void {
    const parsed = unsubscribeDataSchema.safeParse(decodeData(data));
    if (!parsed.success) return this.deliver(errorFrame("Invalid pusher:unsubscribe: data.channel is required"));
    this.leave(parsed.data.channel);
  }

  private leave(channel: string): void {
    if (!this.channels.delete(channel)) return;
    const { departedUserId } = this.settings.registry.unsubscribe(channel, this.socketId);
    if (departedUserId === undefined) return;
    this.settings.registry.publish(
      channel,
      encodeFrame("pusher_internal:member_removed", { user_id: departedUserId }, channel),
    );
  }
}

function parseMessage(text: string): ClientMessage | undefined {
  try {
    const parsed = clientMessageSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
