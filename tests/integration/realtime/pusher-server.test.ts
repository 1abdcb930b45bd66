// The embedded realtime server against the real Pusher libraries: the `pusher` server SDK
// publishes and signs, `pusher-js` (its Node build) subscribes, exactly as the app uses them
// against Pusher's cloud. Raw `ws` and `fetch` cover what a well-behaved library never does.
import { createHash, createHmac } from "node:crypto";
import PusherServerSdk from "pusher";
import PusherClient, { type Channel, type ChannelAuthorizationHandler, type Members, type PresenceChannel } from "pusher-js";
import { WebSocket } from "ws";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type PusherServer, startPusherServer } from "@/server/realtime/local/pusher-server";
import { apiStringToSign, hmacHex } from "@/server/realtime/local/signatures";

const app = { appId: "nightshift-test", key: "test-key", secret: "test-secret" };
type Member = { id: string; info: unknown };
type Frame = { event: string; channel?: string; data?: string };

let server: PusherServer;
let sdk: PusherServerSdk;
const clients: PusherClient[] = [];

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

describe("public channels", () => {
  it("delivers an event triggered through the server SDK", async () => {
    const client = await connect(server);
    const channel = await subscribed(client, "session-public-1");
    const received = nextEvent(channel, "session.event-appended");
    await sdk.trigger("session-public-1", "session.event-appended", { sequence: 7, text: "héllo" });
    expect(await received).toEqual({ sequence: 7, text: "héllo" });
  });

  it("leaves out the connection named by socket_id", async () => {
    const [author, watcher] = await Promise.all([connect(server), connect(server)]);
    const authorChannel = await subscribed(author, "session-public-2");
    const watcherChannel = await subscribed(watcher, "session-public-2");
    const authorSaw: unknown[] = [];
    authorChannel.bind("prompt", (data: unknown) => authorSaw.push(data));
    const watcherGot = nextEvent(watcherChannel, "prompt");
    await sdk.trigger("session-public-2", "prompt", { n: 1 }, { socket_id: author.connection.socket_id });
    expect(await watcherGot).toEqual({ n: 1 });
    // Frames on one connection arrive in order: once the second event is in, the first is not coming.
    const authorGot = nextEvent(authorChannel, "prompt");
    await sdk.trigger("session-public-2", "prompt", { n: 2 });
    await authorGot;
    expect(authorSaw).toEqual([{ n: 2 }]);
  });

  it("delivers every event of a batch, and stops delivering after an unsubscribe", async () => {
    const client = await connect(server);
    const first = await subscribed(client, "batch-a");
    const second = await subscribed(client, "batch-b");
    const both = Promise.all([nextEvent(first, "one"), nextEvent(second, "two")]);
    await sdk.triggerBatch([
      { channel: "batch-a", name: "one", data: { a: 1 } },
      { channel: "batch-b", name: "two", data: { b: 2 } },
    ]);
    expect(await both).toEqual([{ a: 1 }, { b: 2 }]);

    client.unsubscribe("batch-a");
    await until(async () => !(await channelInfo("batch-a")).occupied);
    expect(await channelInfo("batch-b")).toEqual({ occupied: true });
  });
});

describe("private channels", () => {
  it("subscribes with a signature from the server SDK and receives events", async () => {
    const client = await connect(server, signedBy(sdk));
    const channel = await subscribed(client, "private-session-3");
    const received = nextEvent(channel, "secret");
    await sdk.trigger("private-session-3", "secret", { ok: true });
    expect(await received).toEqual({ ok: true });
  });

  it("refuses a forged signature with pusher:subscription_error, and delivers nothing", async () => {
    const forged: ChannelAuthorizationHandler = (_params, callback) => callback(null, { auth: `${app.key}:${"0".repeat(64)}` });
    const client = await connect(server, forged);
    const channel = client.subscribe("private-session-4");
    const error = await nextEvent<{ type: string; status: number; error: string }>(channel, "pusher:subscription_error");
    expect(error).toMatchObject({ type: "AuthError", status: 401 });
    expect(channel.subscribed).toBe(false);
    expect(await channelInfo("private-session-4")).toEqual({ occupied: false });
  });

  it("refuses a signature made with another app's secret", async () => {
    const otherSdk = new PusherServerSdk({ ...app, secret: "someone-elses-secret", host: "127.0.0.1", port: String(server.port), useTLS: false });
    const client = await connect(server, signedBy(otherSdk));
    const error = await nextEvent<{ status: number }>(client.subscribe("private-session-5"), "pusher:subscription_error");
    expect(error.status).toBe(401);
  });
});

describe("presence channels", () => {
  const channelName = "presence-session-6";
  const presenceAuth = (userId: string, name: string) => signedBy(sdk, { user_id: userId, user_info: { name } });

  it("announces members once per user, however many connections they have", async () => {
    const alice = await connect(server, presenceAuth("alice", "Alice"));
    const aliceChannel = alice.subscribe(channelName) as PresenceChannel;
    const aliceMembers = await nextEvent<Members>(aliceChannel, "pusher:subscription_succeeded");
    expect(aliceMembers.count).toBe(1);
    expect(aliceMembers.me).toEqual({ id: "alice", info: { name: "Alice" } });

    const bob = await connect(server, presenceAuth("bob", "Bob"));
    const bobChannel = bob.subscribe(channelName) as PresenceChannel;
    const bobAdded: Member[] = [];
    const bobRemoved: Member[] = [];
    const aliceSeesBob = nextEvent<Member>(aliceChannel, "pusher:member_added");
    const bobMembers = await nextEvent<Members>(bobChannel, "pusher:subscription_succeeded");
    bobChannel.bind("pusher:member_added", (member: Member) => bobAdded.push(member));
    bobChannel.bind("pusher:member_removed", (member: Member) => bobRemoved.push(member));
    expect(bobMembers.count).toBe(2);
    expect(memberList(bobMembers)).toEqual([{ id: "alice", info: { name: "Alice" } }, { id: "bob", info: { name: "Bob" } }]);
    expect(await aliceSeesBob).toEqual({ id: "bob", info: { name: "Bob" } });

    // Alice opens a second tab: she is still one member, and nobody is told she joined.
    const aliceAgain = await connect(server, presenceAuth("alice", "Alice"));
    const secondTab = await nextEvent<Members>(aliceAgain.subscribe(channelName), "pusher:subscription_succeeded");
    expect(secondTab.count).toBe(2);
    expect(await presenceUsers(channelName)).toEqual(["alice", "bob"]);

    // Her first tab closes: she is still present through the second.
    alice.disconnect();
    await until(async () => (await subscriptionCount(channelName)) === 2);
    expect(await presenceUsers(channelName)).toEqual(["alice", "bob"]);

    // The second tab unsubscribes: now she has left, and Bob is told once.
    const bobSeesAliceLeave = nextEvent<Member>(bobChannel, "pusher:member_removed");
    aliceAgain.unsubscribe(channelName);
    expect(await bobSeesAliceLeave).toEqual({ id: "alice", info: { name: "Alice" } });
    expect(bobAdded).toEqual([]);
    expect(bobRemoved).toEqual([{ id: "alice", info: { name: "Alice" } }]);
    expect(bobChannel.members.count).toBe(1);
    expect(await presenceUsers(channelName)).toEqual(["bob"]);
  });

  it("refuses a presence subscription whose channel_data was altered after signing", async () => {
    const tampered: ChannelAuthorizationHandler = ({ socketId, channelName: name }, callback) => {
      const signed = sdk.authorizeChannel(socketId, name, { user_id: "mallory", user_info: {} });
      callback(null, { ...signed, channel_data: JSON.stringify({ user_id: "admin", user_info: {} }) });
    };
    const client = await connect(server, tampered);
    const error = await nextEvent<{ status: number }>(client.subscribe("presence-session-7"), "pusher:subscription_error");
    expect(error.status).toBe(401);
  });
});

describe("the HTTP API", () => {
  const body = JSON.stringify({ name: "e", channels: ["api-channel"], data: "{}" });

  it("signs as Pusher's documentation's worked example does", () => {
    const query = new URLSearchParams({ auth_key: "278d425bdf160c739803", auth_timestamp: "1353088179", auth_version: "1.0", body_md5: "ec365a775a4cd0599faeb73354201b6f" });
    const signature = hmacHex("7ad3773142a6692b25b8", apiStringToSign("POST", "/apps/3/events", query));
    expect(signature).toBe("da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c");
  });

  it("accepts a correctly signed raw request", async () => {
    const response = await rawPost(`/apps/${app.appId}/events`, body);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
  });

  it("answers 401 to a bad signature, a stale timestamp and a body that does not match body_md5", async () => {
    const badSignature = await rawPost(`/apps/${app.appId}/events`, body, { secret: "wrong-secret" });
    const stale = await rawPost(`/apps/${app.appId}/events`, body, { timestamp: Math.floor(Date.now() / 1000) - 601 });
    const tampered = await rawPost(`/apps/${app.appId}/events`, body, { signedBody: body.replace('"e"', '"f"') });
    expect([badSignature.status, stale.status, tampered.status]).toEqual([401, 401, 401]);
    expect(await badSignature.text()).toMatch(/signature/i);
    expect(await stale.text()).toMatch(/timestamp/i);
    expect(await tampered.text()).toMatch(/body_md5/);
  });

  it("answers 413 to event data over 10 KB, through the SDK and raw", async () => {
    const large = "x".repeat(10 * 1024 + 1);
    await expect(sdk.trigger("api-channel", "big", large)).rejects.toMatchObject({ status: 413 });
    const raw = await rawPost(`/apps/${app.appId}/batch_events`, JSON.stringify({ batch: [{ channel: "api-channel", name: "big", data: large }] }));
    expect(raw.status).toBe(413);
    await expect(sdk.trigger("api-channel", "fits", "x".repeat(10 * 1024 - 2))).resolves.toMatchObject({ status: 200 });
  });

  it("answers 400 to more than 100 channels and 404 to an unknown app", async () => {
    const channels = Array.from({ length: 101 }, (_, index) => `c${index}`);
    const tooMany = await rawPost(`/apps/${app.appId}/events`, JSON.stringify({ name: "e", channels, data: "{}" }));
    expect(tooMany.status).toBe(400);
    const unknownApp = await rawPost("/apps/someone-else/events", body);
    expect(unknownApp.status).toBe(404);
  });
});

describe("connections", () => {
  it("refuses a wrong app key with pusher:error 4001, and an old protocol with 4007", async () => {
    const wrongKey = await rawSocket(`${server.wsUrl}/app/not-the-key?protocol=7&client=js&version=8.6.0`);
    expect(await wrongKey.closed()).toMatchObject({ code: 4001 });
    expect(wrongKey.frames[0]).toMatchObject({ event: "pusher:error" });
    expect(JSON.parse(wrongKey.frames[0]?.data ?? "{}")).toMatchObject({ code: 4001 });

    const oldProtocol = await rawSocket(`${server.wsUrl}/app/${app.key}?protocol=6`);
    expect(await oldProtocol.closed()).toMatchObject({ code: 4007 });

    const client = track(new PusherClient("not-the-key", clientOptions(server)));
    // pusher-js wraps the refusal: { type: "WebSocketError", error: { type: "PusherError", data } }.
    const error = await withinSeconds(5, "error", new Promise<{ error?: { data?: { code?: number } } }>((resolve) => client.connection.bind("error", resolve)));
    expect(error.error?.data?.code).toBe(4001);
  });

  it("refuses a message over the size limit and keeps the connection", async () => {
    const socket = await rawSocket(`${server.wsUrl}/app/${app.key}?protocol=7`);
    await socket.next("pusher:connection_established");
    socket.ws.send(JSON.stringify({ event: "pusher:subscribe", data: { channel: "big", padding: "x".repeat(11 * 1024) } }));
    const error = await socket.next("pusher:error");
    expect(error.data).toMatch(/limit/);
    socket.ws.send(JSON.stringify({ event: "pusher:ping", data: {} }));
    await socket.next("pusher:pong");
    socket.ws.close();
  });

  describe("with a one-second activity timeout", () => {
    let quick: PusherServer;
    beforeAll(async () => {
      quick = await startPusherServer({ ...app, port: 0, activityTimeoutSeconds: 1, pongTimeoutSeconds: 1 });
    });
    afterAll(async () => {
      await quick.stop();
    });

    it("keeps a pusher-js connection that answers pings alive", async () => {
      const client = await connect(quick);
      const socketId = client.connection.socket_id;
      const states: string[] = [];
      client.connection.bind("state_change", ({ current }: { current: string }) => states.push(current));
      await sleep(3_500);
      expect(client.connection.state).toBe("connected");
      expect(client.connection.socket_id).toBe(socketId);
      expect(states).toEqual([]);
    });

    it("pings a silent raw client, then closes it with 4201 when no pong comes", async () => {
      const socket = await rawSocket(`${quick.wsUrl}/app/${app.key}?protocol=7`);
      const established = await socket.next("pusher:connection_established");
      expect(JSON.parse(established.data ?? "{}")).toMatchObject({ activity_timeout: 1, socket_id: expect.stringMatching(/^\d+\.\d+$/) });
      const started = Date.now();
      expect(await socket.closed()).toMatchObject({ code: 4201, reason: "Pong reply not received" });
      expect(socket.frames.map((frame) => frame.event)).toContain("pusher:ping");
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
    });
  });
});

// --- helpers -------------------------------------------------------------------------------

function sdkFor(target: PusherServer): PusherServerSdk {
  return new PusherServerSdk({ ...app, host: "127.0.0.1", port: String(target.port), useTLS: false });
}

/** Signs subscriptions as an app's auth endpoint would, with the real SDK. */
function signedBy(signer: PusherServerSdk, presence?: PusherServerSdk.PresenceChannelData): ChannelAuthorizationHandler {
  return ({ socketId, channelName }, callback) => callback(null, signer.authorizeChannel(socketId, channelName, presence));
}

function clientOptions(target: PusherServer, authorize?: ChannelAuthorizationHandler) {
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

function track(client: PusherClient): PusherClient {
  clients.push(client);
  return client;
}

async function connect(target: PusherServer, authorize?: ChannelAuthorizationHandler): Promise<PusherClient> {
  const client = track(new PusherClient(app.key, clientOptions(target, authorize)));
  await withinSeconds(5, "connected", new Promise<void>((resolve) => client.connection.bind("connected", () => resolve())));
  return client;
}

async function subscribed(client: PusherClient, name: string): Promise<Channel> {
  const channel = client.subscribe(name);
  await nextEvent(channel, "pusher:subscription_succeeded");
  return channel;
}

function nextEvent<T = unknown>(channel: Channel, event: string): Promise<T> {
  return withinSeconds(5, `${event} on ${channel.name}`, new Promise((resolve) => {
    const handler = (data: T) => {
      channel.unbind(event, handler);
      resolve(data);
    };
    channel.bind(event, handler);
  }));
}

/** Fails fast with a name, rather than at the test's 30-second limit. */
function withinSeconds<T>(seconds: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${seconds} s`)), seconds * 1000);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function memberList(members: Members): Member[] {
  const list: Member[] = [];
  members.each((member: Member) => list.push(member));
  return list.sort((a, b) => a.id.localeCompare(b.id));
}

async function channelInfo(name: string): Promise<{ occupied: boolean }> {
  const response = await sdk.get({ path: `/channels/${name}` });
  return (await response.json()) as { occupied: boolean };
}

async function subscriptionCount(name: string): Promise<number> {
  const response = await sdk.get({ path: `/channels/${name}`, params: { info: "subscription_count" } });
  return ((await response.json()) as { subscription_count: number }).subscription_count;
}

async function presenceUsers(name: string): Promise<string[]> {
  const response = await sdk.get({ path: `/channels/${name}/users` });
  const { users } = (await response.json()) as { users: { id: string }[] };
  return users.map((user) => user.id).sort();
}

type SignOptions = { secret?: string; timestamp?: number; signedBody?: string };

/** Signs a request the way Pusher's HTTP API documents it, independently of the server's code. */
function rawPost(path: string, body: string, { secret = app.secret, timestamp, signedBody = body }: SignOptions = {}): Promise<Response> {
  const query = [
    `auth_key=${app.key}`,
    `auth_timestamp=${timestamp ?? Math.floor(Date.now() / 1000)}`,
    "auth_version=1.0",
    `body_md5=${createHash("md5").update(signedBody).digest("hex")}`,
  ].join("&");
  const signature = createHmac("sha256", secret).update(`POST\n${path}\n${query}`).digest("hex");
  return fetch(`${server.url}${path}?${query}&auth_signature=${signature}`, { method: "POST", headers: { "content-type": "application/json" }, body });
}

type RawSocket = { ws: WebSocket; frames: Frame[]; closed(): Promise<{ code: number; reason: string }>; next(event: string): Promise<Frame> };

/** A bare WebSocket that never answers pusher:ping: what a hung browser tab looks like. */
async function rawSocket(url: string): Promise<RawSocket> {
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

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(20);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
