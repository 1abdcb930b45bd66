// The realtime port's embedded default: one HTTP server on loopback that speaks the Pusher
// Channels protocol, so `pusher-js` in the browser and the `pusher` SDK on the server work
// against it exactly as against Pusher's cloud. WebSocket clients connect to /app/{key}; the
// signed HTTP API lives under /apps/{app_id}. See docs/realtime.md.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import { ChannelRegistry } from "./channel-registry";
import { type ConnectionSettings, PusherConnection, checkHandshake, newSocketId } from "./connection";
import { handleApiRequest } from "./http-api";
import { LIMITS, errorFrame } from "./protocol";

export type PusherServerOptions = PusherCredentials & {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Seconds of silence from a client before the server pings it (sent to clients too). */
  activityTimeoutSeconds?: number;
  /** Seconds to wait for any reply to that ping before closing with 4201. */
  pongTimeoutSeconds?: number;
  /** Largest event data the HTTP API accepts, and largest message a client may send. */
  maxMessageBytes?: number;
  maxPresenceMembers?: number;
};

export type PusherServerStats = {
  connections: number;
  channels: number;
  subscriptions: number;
  /** Events delivered to a channel through the HTTP API (one per channel per event). */
  eventsPublished: number;
};

export type PusherServer = {
  /** Base URL of the HTTP API, e.g. http://127.0.0.1:6001. */
  url: string;
  port: number;
  /** Base URL for WebSocket clients (pusher-js: wsHost and wsPort). */
  wsUrl: string;
  stop(): Promise<void>;
  stats(): PusherServerStats;
};

export type PusherCredentials = { appId: string; key: string; secret: string };

/** The PUSHER_* variables that point Nightshift's server code, and so the browser's, at an embedded server on loopback. */
export function embeddedPusherEnv(credentials: PusherCredentials, port: number): Record<string, string> {
  return {
    PUSHER_APP_ID: credentials.appId,
    PUSHER_KEY: credentials.key,
    PUSHER_SECRET: credentials.secret,
    PUSHER_HOST: "127.0.0.1",
    PUSHER_PORT: String(port),
    PUSHER_USE_TLS: "false",
  };
}

/** WebSocket frames past this many multiples of the message limit are cut off by `ws` itself. */
const FRAME_HARD_LIMIT_FACTOR = 4;

export async function startPusherServer(options: PusherServerOptions): Promise<PusherServer> {
  const maxMessageBytes = options.maxMessageBytes ?? LIMITS.messageBytes;
  const registry = new ChannelRegistry();
  const connections = new Map<string, PusherConnection>();
  const counters = { eventsPublished: 0 };
  const settings: ConnectionSettings = {
    credentials: { key: options.key, secret: options.secret },
    registry,
    activityTimeoutSeconds: options.activityTimeoutSeconds ?? 120,
    pongTimeoutSeconds: options.pongTimeoutSeconds ?? 30,
    maxMessageBytes,
    maxPresenceMembers: options.maxPresenceMembers ?? LIMITS.presenceMembers,
  };
  const apiContext = {
    appId: options.appId,
    credentials: settings.credentials,
    registry,
    maxMessageBytes,
    onPublished: () => void (counters.eventsPublished += 1),
  };

  // Frames between the message limit and this hard limit get a pusher:error and the connection
  // stays up; larger ones are refused by `ws` (close 1009) before they are buffered.
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes * FRAME_HARD_LIMIT_FACTOR });
  const server = createServer((request, response) => void serveHttp(request, response));

  async function serveHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      if (request.url?.startsWith("/apps/")) return await handleApiRequest(apiContext, request, response);
      response.writeHead(request.url === "/" ? 200 : 404, { "content-type": "text/plain; charset=utf-8" });
      response.end(request.url === "/" ? "ok" : "Not found");
    } catch {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    }
  }

  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, request));
  });

  function accept(ws: WebSocket, request: IncomingMessage): void {
    const refusal = checkHandshake(new URL(request.url ?? "/", "http://localhost"), options.key);
    if (refusal) {
      ws.send(errorFrame(refusal.message, refusal.code));
      ws.close(refusal.code, closeReason(refusal.message));
      return;
    }
    const socketId = newSocketId(connections);
    const connection = new PusherConnection(
      socketId,
      { send: (frame) => ws.send(frame), close: (code, reason) => ws.close(code, closeReason(reason)) },
      settings,
    );
    connections.set(socketId, connection);
    ws.on("message", (data: RawData, isBinary: boolean) => receive(connection, data, isBinary));
    ws.on("pong", () => connection.noteActivity());
    ws.on("error", () => ws.terminate());
    ws.on("close", () => {
      connections.delete(socketId);
      connection.closed();
    });
    connection.open();
  }

  await listen(server, options.port ?? 0, options.host ?? "127.0.0.1");
  const { port } = server.address() as AddressInfo;
  const host = formatHost(options.host ?? "127.0.0.1");

  return {
    url: `http://${host}:${port}`,
    port,
    wsUrl: `ws://${host}:${port}`,
    stats: () => ({ connections: connections.size, ...registry.stats(), eventsPublished: counters.eventsPublished }),
    stop: () => stop(server, wss),
  };
}

/**
 * A close frame's reason holds at most 123 bytes (RFC 6455), and `ws` throws on a longer one —
 * which a refusal echoing what the client sent (its protocol version, say) can be.
 */
function closeReason(reason: string): string {
  const bytes = Buffer.from(reason, "utf8");
  if (bytes.length <= 123) return reason;
  // Cut at 120 bytes, dropping a character split there, and mark the cut.
  return `${bytes
    .subarray(0, 120)
    .toString("utf8")
    .replace(/\ufffd$/, "")}…`;
}

function receive(connection: PusherConnection, data: RawData, isBinary: boolean): void {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  if (isBinary) {
    connection.noteActivity();
    connection.deliver(errorFrame("Binary frames are not supported"));
    return;
  }
  connection.receive(bytes.toString("utf8"), bytes.length);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function formatHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

/** Closes every client (1001, going away: pusher-js reconnects later) and the listener. */
async function stop(server: Server, wss: WebSocketServer): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  for (const client of wss.clients) client.close(1001, "Server shutting down");
  // A client that does not answer the close handshake is cut off.
  const timer = setTimeout(() => {
    for (const client of wss.clients) client.terminate();
  }, 1000);
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  clearTimeout(timer);
  server.closeAllConnections();
  await closed;
}
