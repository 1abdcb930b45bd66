// Sessions over realtime, with the embedded server configured the way the launcher does it:
// stored events reach a subscribed browser (pusher-js) after their transaction commits, in
// order, large ones announced; channels are authorised per person and session; presence shows
// who is looking, with their names.
import PusherClient, { type Channel, type Members, type PresenceChannel } from "pusher-js";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { appendEvents } from "@/server/events/append-events";
import {
  presenceChannel,
  SESSION_CHANGED_EVENT,
  SESSIONS_CHANNEL,
  sessionChannel,
  TIMELINE_EVENT,
  type TimelineEventMessage,
  type TimelineMessage,
  MAX_PUSHED_EVENT_BYTES,
} from "@/server/realtime/channels";
import { enqueuePrompt } from "@/server/sessions/enqueue-prompt";
import { authorizeChannel, channelAuthInput } from "@/server/realtime/authorize-channel";
import { embeddedPusherEnv, startPusherServer } from "@/server/realtime/local/pusher-server";
import { storeEventBatch } from "@/server/sandboxes/bridge-service";
import type { CurrentUser } from "@/server/users/get-user";
import { createSessionFor, createUser, asActor } from "../../factories";
import { connectBrowser, subscribe } from "../../support/realtime-browser";

// The launcher's part: an embedded server, and PUSHER_* for the server code (read lazily).
const credentials = { appId: "nightshift", key: "test-key", secret: "test-secret-test-secret" };
const server = await startPusherServer({ ...credentials, port: 0 });
Object.assign(process.env, embeddedPusherEnv(credentials, server.port));

const clients: PusherClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.disconnect();
});
afterAll(async () => {
  await server.stop();
});

/** A browser of `user`, disconnected after the test. */
async function browserOf(user: CurrentUser): Promise<PusherClient> {
  const client = await connectBrowser(user);
  clients.push(client);
  return client;
}

/** The first `count` events published on the channel, and how many messages carried them. */
function collect(channel: Channel, count: number): Promise<{ events: TimelineEventMessage[]; messages: number }> {
  const events: TimelineEventMessage[] = [];
  let messages = 0;
  return new Promise((resolve) =>
    channel.bind(TIMELINE_EVENT, (message: TimelineMessage) => {
      messages += 1;
      events.push(...message.events);
      if (events.length >= count) resolve({ events, messages });
    }),
  );
}

describe("a session's timeline, live", () => {
  it("reaches a subscribed browser in order once stored, announcing what is too large to push", async () => {
    const user = await createUser();
    const session = await createSessionFor(user);
    const channel = await subscribe(await browserOf(user), sessionChannel(session.id));
    const arriving = collect(channel, 3);

    await appendEvents({
      sessionId: session.id,
      events: [
        { type: "token", data: { partId: "p", text: "Hello" } },
        {
          type: "tool_call",
          data: { callId: "c1", tool: "bash", status: "completed", input: {}, output: "x".repeat(9_000) },
        },
        { type: "token", data: { partId: "p", text: " again" } },
      ],
    });
    const { events: received, messages } = await arriving;
    expect(received.map((message) => message.seq)).toEqual([1, 2, 3]);
    expect(messages).toBe(1);
    expect(received[0]).toMatchObject({ type: "token", data: { partId: "p", text: "Hello" } });
    expect(received[1]).toEqual({
      seq: 2,
      type: "tool_call",
      messageId: null,
      createdAt: expect.any(String),
      announced: true,
    });
  });

  it("packs a long stream into few messages under the size limit, every event in order", async () => {
    const user = await createUser();
    const session = await createSessionFor(user);
    const channel = await subscribe(await browserOf(user), sessionChannel(session.id));
    const sizes: number[] = [];
    channel.bind(TIMELINE_EVENT, (message: TimelineMessage) => sizes.push(JSON.stringify(message).length));
    const arriving = collect(channel, 300);

    const words = Array.from({ length: 300 }, (_, index) => ({
      type: "token" as const,
      data: { partId: "p", text: `word${index} ` },
    }));
    await appendEvents({ sessionId: session.id, events: words });
    const { events, messages } = await arriving;
    expect(events.map((event) => event.seq)).toEqual(Array.from({ length: 300 }, (_, index) => index + 1));
    expect(events.map((event) => ("data" in event && event.type === "token" ? event.data.text : "")).join("")).toBe(
      words.map((word) => word.data.text).join(""),
    );
    expect(messages).toBeLessThanOrEqual(6);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_PUSHED_EVENT_BYTES + 20);
  });

  it("publishes what a bridge delivers, once, even when the bridge repeats a batch", async () => {
    const user = await createUser();
    const session = await createSessionFor(user);
    const sandbox = await getDb().sandbox.create({
      data: {
        sessionId: session.id,
        provider: "local",
        status: "ready",
        bootMode: "fresh",
        tokenHash: `realtime-${session.id}`,
        lastHeartbeatAt: new Date(),
      },
    });
    const channel = await subscribe(await browserOf(user), sessionChannel(session.id));
    const seen: number[] = [];
    channel.bind(TIMELINE_EVENT, (message: TimelineMessage) => seen.push(...message.events.map((event) => event.seq)));

    const batch = { batch: 1, events: [{ type: "warning" as const, data: { message: "first" } }] };
    await storeEventBatch({ id: sandbox.id, sessionId: session.id }, batch);
    await storeEventBatch({ id: sandbox.id, sessionId: session.id }, batch);
    await storeEventBatch(
      { id: sandbox.id, sessionId: session.id },
      { batch: 2, events: [{ type: "warning", data: { message: "second" } }] },
    );
    await expect.poll(() => seen, { timeout: 5_000 }).toEqual([1, 2]);
  });
});

describe("sessions lists, live", () => {
  it("hear which session changed when a prompt is queued or ends, and any signed-in person may listen", async () => {
    const owner = await createUser();
    const watcher = await createUser();
    const session = await createSessionFor(owner);
    const channel = await subscribe(await browserOf(watcher), SESSIONS_CHANNEL);
    const changed: string[] = [];
    channel.bind(SESSION_CHANGED_EVENT, (message: { sessionId: string }) => changed.push(message.sessionId));

    await enqueuePrompt({ sessionId: session.id, actor: asActor(owner), source: "api", content: "Go" });
    await appendEvents({
      sessionId: session.id,
      events: [{ type: "token", data: { partId: "p", text: "not a status change" } }],
    });
    await appendEvents({ sessionId: session.id, events: [{ type: "execution_complete", data: { success: true } }] });
    await expect.poll(() => changed, { timeout: 5_000 }).toEqual([session.id, session.id]);
  });
});

describe("who may subscribe", () => {
  it("refuses channels that are not a session's, and sessions that do not exist", async () => {
    const user = await createUser();
    await expect(authorizeChannel(user, { socket_id: "1.2", channel_name: "private-admin" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(
      authorizeChannel(user, { socket_id: "1.2", channel_name: sessionChannel("no-such-session") }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(channelAuthInput.safeParse({ socket_id: "not-a-socket", channel_name: "x" }).success).toBe(false);
  });

  it("shows everyone on a session's page to each other, with their names", async () => {
    const ada = await createUser({ name: "Ada" });
    const grace = await createUser({ name: "Grace" });
    const session = await createSessionFor(ada);
    const adaChannel = (await browserOf(ada)).subscribe(presenceChannel(session.id)) as PresenceChannel;
    await new Promise((resolve) => adaChannel.bind("pusher:subscription_succeeded", resolve));
    const graceArrives = new Promise<{ id: string; info: { name: string } }>((resolve) =>
      adaChannel.bind("pusher:member_added", resolve),
    );

    const graceClient = await browserOf(grace);
    const graceChannel = graceClient.subscribe(presenceChannel(session.id)) as PresenceChannel;
    const members = await new Promise<Members>((resolve) =>
      graceChannel.bind("pusher:subscription_succeeded", resolve),
    );
    const names: string[] = [];
    members.each((member: { info: { name: string } }) => names.push(member.info.name));
    expect(names.sort()).toEqual(["Ada", "Grace"]);
    expect(await graceArrives).toEqual({ id: grace.id, info: { name: "Grace", image: null } });

    const graceLeaves = new Promise<{ id: string }>((resolve) => adaChannel.bind("pusher:member_removed", resolve));
    graceClient.disconnect();
    expect((await graceLeaves).id).toBe(grace.id);
  });
});
