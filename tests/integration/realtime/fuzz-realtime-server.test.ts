// The embedded realtime server's doors, fuzzed as tests/integration/api/fuzz-doors.test.ts fuzzes
// the control plane's: its signed HTTP API with wrong methods, paths, signatures, query strings and
// bodies, and its WebSocket with wrong paths and malformed frames. Any 5xx, a request or a frame
// left unanswered past the time limit, a WebSocket closed as a server error (1011), or a server
// that stops answering fails, naming the request and the seed.
import { createHash, randomBytes } from "node:crypto";
import { WebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PusherServer, startPusherServer } from "@/server/realtime/local/pusher-server";
import { apiStringToSign, hmacHex } from "@/server/realtime/local/signatures";
import {
  brokenBody,
  describeFailure,
  type FuzzCase,
  FUZZ_SEED,
  fuzzDoor,
  mutate,
  type Random,
  randomFor,
  REQUEST_LIMIT_MS,
  WEIRD_STRINGS,
  weirdValue,
  wellFormed,
} from "../../support/fuzz";

const app = { appId: "fuzz-app", key: "fuzz-key", secret: "fuzz-secret" };
const CASES = { api: 80, socket: 40 };

let server: PusherServer;

beforeAll(async () => {
  console.log(`fuzz: seed ${FUZZ_SEED} (replay with NIGHTSHIFT_FUZZ_SEED=${FUZZ_SEED})`);
  server = await startPusherServer({ ...app, port: 0 });
});

afterAll(async () => {
  await server.stop();
});

function expectNoFailures(failures: string[]): void {
  const shown = failures.slice(0, 15).join("\n\n");
  expect(failures.length, `${failures.length} request(s) went wrong:\n\n${shown}\n\n`).toBe(0);
}

function channelName(random: Random): string {
  return random.pick([
    "fuzz-channel",
    "private-fuzz",
    "presence-fuzz",
    "private-encrypted-fuzz",
    random.pick(WEIRD_STRINGS),
    `presence-${random.pick(WEIRD_STRINGS)}`,
    "x".repeat(201),
  ]);
}

const encode = (text: string) => encodeURIComponent(wellFormed(text));

function apiPath(random: Random): string {
  const channel = encode(channelName(random));
  return random.pick([
    `/apps/${app.appId}/events`,
    `/apps/${app.appId}/events`,
    `/apps/${app.appId}/events`,
    `/apps/${app.appId}/batch_events`,
    `/apps/${app.appId}/batch_events`,
    `/apps/${app.appId}/channels`,
    `/apps/${app.appId}/channels`,
    `/apps/${app.appId}/channels/${channel}`,
    `/apps/${app.appId}/channels/${channel}/users`,
    `/apps/${encode(random.pick(WEIRD_STRINGS))}/events`,
    `/apps/${app.appId}/${random.pick(["%E0%A4%A", "channels/%", "events/x", ""])}`,
    "/apps/",
    `/${encode(random.pick(WEIRD_STRINGS))}`,
  ]);
}

function apiBody(random: Random): string {
  if (random.chance(0.25)) return brokenBody(random);
  const event = () => ({
    name: random.pick(["fuzz", "timeline", random.pick(WEIRD_STRINGS)]),
    data: random.chance(0.8) ? JSON.stringify({ n: random.int(0, 9) }) : weirdValue(random),
    channel: channelName(random),
    channels: [channelName(random), channelName(random)],
    socket_id: random.pick(["1.2", "12345.67890", random.pick(WEIRD_STRINGS)]),
    info: random.pick([undefined, "user_count", "subscription_count,user_count", random.pick(WEIRD_STRINGS)]),
  });
  const value = random.chance(0.5) ? event() : { batch: Array.from({ length: random.int(0, 12) }, event) };
  return JSON.stringify(random.chance(0.7) ? mutate(value, random) : value) ?? "";
}

/** Signed as the `pusher` SDK signs, most of the time; otherwise signed wrongly, or not at all. */
function signedQuery(random: Random, method: string, path: string, body: string): string {
  const query = new URLSearchParams({
    auth_key: random.chance(0.9) ? app.key : random.pick(WEIRD_STRINGS),
    auth_timestamp: String(random.chance(0.9) ? Math.floor(Date.now() / 1000) : random.pick([0, -1, 1e21, "soon"])),
    auth_version: random.chance(0.9) ? "1.0" : random.pick(WEIRD_STRINGS),
  });
  if (body.length > 0 && random.chance(0.9)) query.set("body_md5", createHash("md5").update(body).digest("hex"));
  if (random.chance(0.3)) query.set(random.pick(["info", "filter_by_prefix"]), random.pick(WEIRD_STRINGS));
  if (random.chance(0.2)) query.set("info", random.pick(["user_count", "subscription_count"]));
  const signature = hmacHex(app.secret, apiStringToSign(method, path, query));
  if (random.chance(0.75)) query.set("auth_signature", signature);
  else if (random.chance(0.5))
    query.set("auth_signature", random.pick([signature.slice(1), random.pick(WEIRD_STRINGS)]));
  return query.toString();
}

function apiCases(): FuzzCase[] {
  const random = randomFor("realtime HTTP API");
  return Array.from({ length: CASES.api }, (): FuzzCase => {
    const path = apiPath(random);
    const method = random.chance(0.85)
      ? path.endsWith("events")
        ? "POST"
        : "GET"
      : random.pick(["PUT", "DELETE", "PATCH", "GET", "POST"]);
    const body = method === "GET" ? "" : apiBody(random);
    const headers: Record<string, string> = random.chance(0.8) ? { "content-type": "application/json" } : {};
    const url = `${server.url}${path}?${signedQuery(random, method, path, body)}`;
    return { door: "realtime HTTP API", method, url, headers, ...(method === "GET" ? {} : { body }) };
  });
}

type SocketCase = FuzzCase & { frames: (string | Buffer)[] };

function subscribeData(random: Random): unknown {
  return {
    channel: random.chance(0.8) ? channelName(random) : weirdValue(random),
    auth: random.pick([
      undefined,
      `${app.key}:${randomBytes(32).toString("hex")}`,
      random.pick(WEIRD_STRINGS),
      weirdValue(random),
    ]),
    channel_data: random.pick([undefined, JSON.stringify({ user_id: weirdValue(random) }), random.pick(WEIRD_STRINGS)]),
  };
}

function frame(random: Random): string | Buffer {
  return random.pick<() => string | Buffer>([
    () => random.pick(WEIRD_STRINGS).slice(0, 9_000),
    () => brokenBody(random).slice(0, 9_000),
    () => JSON.stringify({ event: weirdValue(random), data: weirdValue(random) }).slice(0, 9_000),
    () => JSON.stringify({ event: "pusher:subscribe", data: subscribeData(random) }),
    () => JSON.stringify({ event: "pusher:subscribe", data: JSON.stringify(subscribeData(random)) }),
    () =>
      JSON.stringify({
        event: "pusher:unsubscribe",
        data: random.chance(0.5) ? { channel: channelName(random) } : weirdValue(random),
      }),
    () =>
      JSON.stringify({
        event: random.pick(["pusher:ping", "pusher:pong", "client-x", "pusher_internal:x"]),
        data: weirdValue(random),
        channel: channelName(random),
      }).slice(0, 9_000),
    () => Buffer.from(random.pick(WEIRD_STRINGS)),
    () => "x".repeat(random.pick([10_241, 50_000])),
  ])();
}

function socketCases(): SocketCase[] {
  const random = randomFor("realtime WebSocket");
  return Array.from({ length: CASES.socket }, (): SocketCase => {
    const path = random.pick([
      `/app/${app.key}?protocol=7`,
      `/app/${app.key}?protocol=7`,
      `/app/${app.key}?protocol=7&client=js&version=8.4.0`,
      `/app/${app.key}`,
      `/app/${app.key}?protocol=${encode(random.pick(WEIRD_STRINGS))}`,
      `/app/${encode(random.pick(WEIRD_STRINGS))}?protocol=7`,
      `/${encode(random.pick(WEIRD_STRINGS))}`,
    ]);
    const frames = Array.from({ length: random.int(1, 5) }, () => frame(random));
    const body = frames
      .map((item) => (typeof item === "string" ? item : `<binary ${item.toString("hex")}>`))
      .join("\n");
    return { door: "realtime WebSocket", method: "WS", url: `${server.wsUrl}${path}`, headers: {}, body, frames };
  });
}

type SocketOutcome = { outcome: string; problem?: string };

/** Connects, sends the frames, then a ping: the server must answer it (or have closed, not as 1011). */
async function exerciseSocket(socketCase: SocketCase): Promise<SocketOutcome> {
  const ws = new WebSocket(socketCase.url);
  const received: string[] = [];
  let closeCode: number | undefined;
  ws.on("message", (data: Buffer) => received.push(data.toString()));
  ws.on("error", () => {});
  const closed = new Promise<void>((resolve) => ws.on("close", (code: number) => resolve(void (closeCode = code))));
  try {
    await Promise.race([new Promise((resolve) => ws.once("open", resolve)), closed]);
    for (const item of socketCase.frames) if (ws.readyState === WebSocket.OPEN) ws.send(item);
    let outcome = "closed";
    if (ws.readyState === WebSocket.OPEN) {
      const before = received.length;
      ws.send(JSON.stringify({ event: "pusher:ping", data: {} }));
      const ponged = new Promise<void>((resolve) => {
        const check = () =>
          received.slice(before).some((text) => text.includes('"pusher:pong"')) ? resolve() : setTimeout(check, 10);
        check();
      });
      outcome = await Promise.race([
        ponged.then(() => "pong"),
        closed.then(() => "closed"),
        sleep(REQUEST_LIMIT_MS).then(() => "hang"),
      ]);
      if (outcome === "hang") return { outcome, problem: `no pusher:pong within ${REQUEST_LIMIT_MS} ms` };
    }
    if (outcome === "closed") {
      // Refused or closing: the close frame says how.
      if ((await Promise.race([closed.then(() => "closed"), sleep(REQUEST_LIMIT_MS)])) !== "closed")
        return { outcome: "hang", problem: `not closed within ${REQUEST_LIMIT_MS} ms` };
      outcome = `closed ${closeCode}`;
    }
    if (closeCode === 1011) return { outcome, problem: `closed as a server error (1011): ${received.join(" ")}` };
    const health = await fetch(`${server.url}/`, { signal: AbortSignal.timeout(REQUEST_LIMIT_MS) });
    if (health.status !== 200) return { outcome, problem: `the server answered ${health.status} afterwards` };
    return { outcome };
  } catch (error) {
    return { outcome: "error", problem: `failed: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    ws.terminate();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe("the embedded realtime server, fuzzed", () => {
  it("answers every malformed HTTP API request with a 4xx or less, in time", { timeout: 60_000 }, async () => {
    expectNoFailures(await fuzzDoor("realtime HTTP API", apiCases(), (request) => fetch(request)));
  });

  it("survives every malformed WebSocket connection and frame, and keeps answering", { timeout: 60_000 }, async () => {
    const failures: string[] = [];
    // An exception thrown while the server handles a frame escapes to the process: name the case.
    let current: { socketCase: SocketCase; index: number } | undefined;
    const onUncaught = (error: Error) => {
      if (current)
        failures.push(describeFailure(current.socketCase, current.index, `crashed the server: ${error.stack}`));
    };
    process.on("uncaughtException", onUncaught);
    const outcomes = new Map<string, number>();
    try {
      for (const [index, socketCase] of socketCases().entries()) {
        current = { socketCase, index };
        const { outcome, problem } = await exerciseSocket(socketCase);
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        if (problem) failures.push(describeFailure(socketCase, index, problem));
      }
    } finally {
      process.off("uncaughtException", onUncaught);
    }
    const tally = [...outcomes].sort().map(([outcome, count]) => `${count}× ${outcome}`);
    console.log(`fuzz: realtime WebSocket: ${CASES.socket} connections ended ${tally.join(", ")}`);
    expectNoFailures(failures);
  });
});
