// The embedded realtime server's channels, driven by the real `pusher` and `pusher-js` packages:
// public delivery and socket_id exclusion, private signatures (forged ones refused) and presence
// members. The HTTP API and connection handling are in pusher-protocol.test.ts.
import PusherServerSdk from "pusher";
import type { ChannelAuthorizationHandler, Members, PresenceChannel } from "pusher-js";
import { describe, expect, it } from "vitest";
import {
  app,
  channelInfo,
  connect,
  type Member,
  memberList,
  nextEvent,
  presenceUsers,
  signedBy,
  subscribed,
  subscriptionCount,
  until,
  withPusherServer,
} from "../../support/pusher-kit";

const kit = withPusherServer();

describe("public channels", () => {
  it("delivers an event triggered through the server SDK", async () => {
    const client = await connect(kit.server);
    const channel = await subscribed(client, "session-public-1");
    const received = nextEvent(channel, "session.event-appended");
    await kit.sdk.trigger("session-public-1", "session.event-appended", { sequence: 7, text: "héllo" });
    expect(await received).toEqual({ sequence: 7, text: "héllo" });
  });

  it("leaves out the connection named by socket_id", async () => {
    const [author, watcher] = await Promise.all([connect(kit.server), connect(kit.server)]);
    const authorChannel = await subscribed(author, "session-public-2");
    const watcherChannel = await subscribed(watcher, "session-public-2");
    const authorSaw: unknown[] = [];
    authorChannel.bind("prompt", (data: unknown) => authorSaw.push(data));
    const watcherGot = nextEvent(watcherChannel, "prompt");
    await kit.sdk.trigger("session-public-2", "prompt", { n: 1 }, { socket_id: author.connection.socket_id });
    expect(await watcherGot).toEqual({ n: 1 });
    // Frames on one connection arrive in order: once the second event is in, the first is not coming.
    const authorGot = nextEvent(authorChannel, "prompt");
    await kit.sdk.trigger("session-public-2", "prompt", { n: 2 });
    await authorGot;
    expect(authorSaw).toEqual([{ n: 2 }]);
  });

  it("delivers every event of a batch, and stops delivering after an unsubscribe", async () => {
    const client = await connect(kit.server);
    const first = await subscribed(client, "batch-a");
    const second = await subscribed(client, "batch-b");
    const both = Promise.all([nextEvent(first, "one"), nextEvent(second, "two")]);
    await kit.sdk.triggerBatch([
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
    const client = await connect(kit.server, signedBy(kit.sdk));
    const channel = await subscribed(client, "private-session-3");
    const received = nextEvent(channel, "secret");
    await kit.sdk.trigger("private-session-3", "secret", { ok: true });
    expect(await received).toEqual({ ok: true });
  });

  it("refuses a forged signature with pusher:subscription_error, and delivers nothing", async () => {
    const forged: ChannelAuthorizationHandler = (_params, callback) =>
      callback(null, { auth: `${app.key}:${"0".repeat(64)}` });
    const client = await connect(kit.server, forged);
    const channel = client.subscribe("private-session-4");
    const error = await nextEvent<{ type: string; status: number; error: string }>(
      channel,
      "pusher:subscription_error",
    );
    expect(error).toMatchObject({ type: "AuthError", status: 401 });
    expect(channel.subscribed).toBe(false);
    expect(await channelInfo("private-session-4")).toEqual({ occupied: false });
  });

  it("refuses a signature made with another app's secret", async () => {
    const otherSdk = new PusherServerSdk({
      ...app,
      secret: "someone-elses-secret",
      host: "127.0.0.1",
      port: String(kit.server.port),
      useTLS: false,
    });
    const client = await connect(kit.server, signedBy(otherSdk));
    const error = await nextEvent<{ status: number }>(
      client.subscribe("private-session-5"),
      "pusher:subscription_error",
    );
    expect(error.status).toBe(401);
  });
});

describe("presence channels", () => {
  const channelName = "presence-session-6";
  const presenceAuth = (userId: string, name: string) => signedBy(kit.sdk, { user_id: userId, user_info: { name } });

  it("announces members once per user, however many connections they have", async () => {
    const alice = await connect(kit.server, presenceAuth("alice", "Alice"));
    const aliceChannel = alice.subscribe(channelName) as PresenceChannel;
    const aliceMembers = await nextEvent<Members>(aliceChannel, "pusher:subscription_succeeded");
    expect(aliceMembers.count).toBe(1);
    expect(aliceMembers.me).toEqual({ id: "alice", info: { name: "Alice" } });

    const bob = await connect(kit.server, presenceAuth("bob", "Bob"));
    const bobChannel = bob.subscribe(channelName) as PresenceChannel;
    const bobAdded: Member[] = [];
    const bobRemoved: Member[] = [];
    const aliceSeesBob = nextEvent<Member>(aliceChannel, "pusher:member_added");
    const bobMembers = await nextEvent<Members>(bobChannel, "pusher:subscription_succeeded");
    bobChannel.bind("pusher:member_added", (member: Member) => bobAdded.push(member));
    bobChannel.bind("pusher:member_removed", (member: Member) => bobRemoved.push(member));
    expect(bobMembers.count).toBe(2);
    expect(memberList(bobMembers)).toEqual([
      { id: "alice", info: { name: "Alice" } },
      { id: "bob", info: { name: "Bob" } },
    ]);
    expect(await aliceSeesBob).toEqual({ id: "bob", info: { name: "Bob" } });

    // Alice opens a second tab: she is still one member, and nobody is told she joined.
    const aliceAgain = await connect(kit.server, presenceAuth("alice", "Alice"));
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
      const signed = kit.sdk.authorizeChannel(socketId, name, { user_id: "mallory", user_info: {} });
      callback(null, { ...signed, channel_data: JSON.stringify({ user_id: "admin", user_info: {} }) });
    };
    const client = await connect(kit.server, tampered);
    const error = await nextEvent<{ status: number }>(
      client.subscribe("presence-session-7"),
      "pusher:subscription_error",
    );
    expect(error.status).toBe(401);
  });
});
