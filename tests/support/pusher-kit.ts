// The embedded realtime server under test, with the real Pusher libraries around it: the
// `pusher` server SDK publishes and signs, `pusher-js` (its Node build) subscribes, and raw `ws`
// and `fetch` cover what a well-behaved library never does. withPusherServer() starts one server
// per test file; the helpers below act on it.
import { createHash, createHmac } from "node:crypto";
import PusherServerSdk from "pusher";
import PusherClient, { type Channel, type ChannelAuthorizationHandler, type Members } from "pusher-js";
import { WebSocket } from "ws";
import { afterAll, afterEach, beforeAll } from "vitest";
import { type PusherServer, startPusherServer } from "@/server/realtime/local/pusher-server";

export const app = { appId: "nightshift-test", key: "test-key", secret: "test-secret" };
export type Member = { id: string; info: unknown };
type Frame = { event: string; channel?: string; data?: string };

let server: PusherServer;
let sdk: PusherServerSdk;
const clients: PusherClient[] = [];

/** Starts the server for this file; every client made through connect() or track() is closed after each test. */
export function withPusherServer(): { readonly server: PusherServer; readonly sdk: PusherServerSdk } {
  beforeAll(async () => {
    server = await startPusherServer({ ...app, port: 0 });
    sdk = sdkFor(server);
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.disconnect();
  });
  afterAll(async () => {
    await server.stop();
  });
  return {
    get server() {
      return server;
    },
    get sdk() {
      return sdk;
    },
  };
}

export function sdkFor(target: PusherServer): PusherServerSdk {
  return new PusherServerSdk({ ...app, host: "127.0.0.1", port: String(target.port), useTLS: false });
}

/** Signs subscriptions as an app's auth endpoint would, with the real SDK. */
export function signedBy(
  signer: PusherServerSdk,
  presence?: PusherServerSdk.PresenceChannelData,
): ChannelAuthorizationHandler {
  return ({ socketId, channelName }, callback) =>
    callback(null, signer.authorizeChannel(socketId, channelName, presence));
}

export function clientOptions(target: PusherServer, authorize?: ChannelAuthorizationHandler) {
  return {
    cluster: "local",
    wsHost: "127.0.0.1",
    wsPort: target.port,
    forceTLS: false,
    enabledTransports: ["ws" as const],
    disableStats: true,
    ...(authorize ? { channelAuthorization: { customHandler: authorize } } : {}),
  };
}

export function track(client: PusherClient): PusherClient {
  clients.push(client);
  return client;
}

export async function connect(target: PusherServer, authorize?: ChannelAuthorizationHandler): Promise<PusherClient> {
  const client = track(new PusherClient(app.key, clientOptions(target, authorize)));
  await withinSeconds(
    5,
    "connected",
    new Promise<void>((resolve) => client.connection.bind("connected", () => resolve())),
  );
  return client;
}

export async function subscribed(client: PusherClient, name: string): Promise<Channel> {
  const channel = client.subscribe(name);
  await nextEvent(channel, "pusher:subscription_succeeded");
  return channel;
}

export function nextEvent<T = unknown>(channel: Channel, event: string): Promise<T> {
  return withinSeconds(
    5,
    `${event} on ${channel.name}`,
    new Promise((resolve) => {
      const handler = (data: T) => {
        channel.unbind(event, handler);
        resolve(data);
      };
      channel.bind(event, handler);
    }),
  );
}

/** Fails fast with a name, rather than at the test's 30-second limit. */
export function withinSeconds<T>(seconds: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${seconds} s`)), seconds * 1000);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function memberList(members: Members): Member[] {
  const list: Member[] = [];
  members.each((member: Member) => list.push(member));
  return list.sort((a, b) => a.id.localeCompare(b.id));
}

export async function channelInfo(name: string): Promise<{ occupied: boolean }> {
  const response = await sdk.get({ path: `/channels/${name}` });
  return (await response.json()) as { occupied: boolean };
}

export async function subscriptionCount(name: string): Promise<number> {
  const response = await sdk.get({ path: `/channels/${name}`, params: { info: "subscription_count" } });
  return ((await response.json()) as { subscription_count: number }).subscription_count;
}

export async function presenceUsers(name: string): Promise<string[]> {
  const response = await sdk.get({ path: `/channels/${name}/users` });
  const { users } = (await response.json()) as { users: { id: string }[] };
  return users.map((user) => user.id).sort();
}

type SignOptions = { secret?: string; timestamp?: number; signedBody?: string };

/** Signs a request the way Pusher's HTTP API documents it, independently of the server's code. */
export function rawPost(
  path: string,
  body: string,
  { secret = app.secret, timestamp, signedBody = body }: SignOptions = {},
): Promise<Response> {
  const query = [
    `auth_key=${app.key}`,
    `auth_timestamp=${timestamp ?? Math.floor(Date.now() / 1000)}`,
    "auth_version=1.0",
    `body_md5=${createHash("md5").update(signedBody).digest("hex")}`,
  ].join("&");
  const signature = createHmac("sha256", secret).update(`POST\n${path}\n${query}`).digest("hex");
  return fetch(`${server.url}${path}?${query}&auth_signature=${signature}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
}

type RawSocket = {
  ws: WebSocket;
  frames: Frame[];
  closed(): Promise<{ code: number; reason: string }>;
  next(event: string): Promise<Frame>;
};

/** A bare WebSocket that never answers pusher:ping: what a hung browser tab looks like. */
export async function rawSocket(url: string): Promise<RawSocket> {
  const ws = new WebSocket(url);
  const frames: Frame[] = [];
  const waiters: { event: string; resolve: (frame: Frame) => void }[] = [];
  ws.on("message", (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as Frame;
    frames.push(frame);
    const index = waiters.findIndex((waiter) => waiter.event === frame.event);
    if (index >= 0) waiters.splice(index, 1)[0]?.resolve(frame);
  });
  const whenClosed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on("close", (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() }));
  });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  const next = (event: string) => {
    const seen = frames.find((frame) => frame.event === event);
    if (seen) return Promise.resolve(seen);
    return withinSeconds(5, event, new Promise<Frame>((resolve) => waiters.push({ event, resolve })));
  };
  return { ws, frames, closed: () => withinSeconds(5, "close", whenClosed), next };
}

export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(20);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
