// The embedded realtime server's HTTP API (signatures, limits) and its connections (app key,
// protocol version, message size, ping/pong and the activity timeout), against the real
// `pusher` and `pusher-js` packages and raw requests signed as Pusher documents them.
import PusherClient from "pusher-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PusherServer, startPusherServer } from "@/server/realtime/local/pusher-server";
import { apiStringToSign, hmacHex } from "@/server/realtime/local/signatures";
import {
  app,
  clientOptions,
  connect,
  rawPost,
  rawSocket,
  sleep,
  track,
  withPusherServer,
  withinSeconds,
} from "../../support/pusher-kit";

const kit = withPusherServer();

describe("the HTTP API", () => {
  const body = JSON.stringify({ name: "e", channels: ["api-channel"], data: "{}" });

  it("signs as Pusher's documentation's worked example does", () => {
    const query = new URLSearchParams({
      auth_key: "278d425bdf160c739803",
      auth_timestamp: "1353088179",
      auth_version: "1.0",
      body_md5: "ec365a775a4cd0599faeb73354201b6f",
    });
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
    await expect(kit.sdk.trigger("api-channel", "big", large)).rejects.toMatchObject({ status: 413 });
    const raw = await rawPost(
      `/apps/${app.appId}/batch_events`,
      JSON.stringify({ batch: [{ channel: "api-channel", name: "big", data: large }] }),
    );
    expect(raw.status).toBe(413);
    await expect(kit.sdk.trigger("api-channel", "fits", "x".repeat(10 * 1024 - 2))).resolves.toMatchObject({
      status: 200,
    });
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
    const wrongKey = await rawSocket(`${kit.server.wsUrl}/app/not-the-key?protocol=7&client=js&version=8.6.0`);
    expect(await wrongKey.closed()).toMatchObject({ code: 4001 });
    expect(wrongKey.frames[0]).toMatchObject({ event: "pusher:error" });
    expect(JSON.parse(wrongKey.frames[0]?.data ?? "{}")).toMatchObject({ code: 4001 });

    const oldProtocol = await rawSocket(`${kit.server.wsUrl}/app/${app.key}?protocol=6`);
    expect(await oldProtocol.closed()).toMatchObject({ code: 4007 });

    const client = track(new PusherClient("not-the-key", clientOptions(kit.server)));
    // pusher-js wraps the refusal: { type: "WebSocketError", error: { type: "PusherError", data } }.
    const error = await withinSeconds(
      5,
      "error",
      new Promise<{ error?: { data?: { code?: number } } }>((resolve) => client.connection.bind("error", resolve)),
    );
    expect(error.error?.data?.code).toBe(4001);
  });

  it("refuses a long unsupported protocol version with 4007 and keeps serving (found by the fuzz)", async () => {
    // The refusal echoes the version; a close frame's reason holds at most 123 bytes.
    const long = await rawSocket(`${kit.server.wsUrl}/app/${app.key}?protocol=${"9x".repeat(200)}`);
    const closed = await long.closed();
    expect(closed.code).toBe(4007);
    expect(Buffer.byteLength(closed.reason)).toBeLessThanOrEqual(123);
    expect(closed.reason).toMatch(/^Unsupported protocol version 9x9x.*…$/);
    expect(JSON.parse(long.frames[0]?.data ?? "{}")).toMatchObject({ code: 4007 });

    const client = await connect(kit.server);
    expect(client.connection.state).toBe("connected");
  });

  it("refuses a message over the size limit and keeps the connection", async () => {
    const socket = await rawSocket(`${kit.server.wsUrl}/app/${app.key}?protocol=7`);
    await socket.next("pusher:connection_established");
    socket.ws.send(
      JSON.stringify({ event: "pusher:subscribe", data: { channel: "big", padding: "x".repeat(11 * 1024) } }),
    );
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
      expect(JSON.parse(established.data ?? "{}")).toMatchObject({
        activity_timeout: 1,
        socket_id: expect.stringMatching(/^\d+\.\d+$/),
      });
      const started = Date.now();
      expect(await socket.closed()).toMatchObject({ code: 4201, reason: "Pong reply not received" });
      expect(socket.frames.map((frame) => frame.event)).toContain("pusher:ping");
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
    });
  });
});
