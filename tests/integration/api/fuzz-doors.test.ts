// Bad input must never look like our failure: a seeded, bounded fuzz of every door of the control
// plane — every tRPC procedure, every /api/v1 endpoint, GitHub's webhooks, the sandbox endpoints
// and the realtime channel authorisation — through the real route handlers, with wrong methods and
// content types, broken and huge bodies, wrong types in every field, missing and bogus tokens and
// signatures, odd query strings, path parameters and characters. Any 5xx, any answer later than
// the time limit and any exception escaping a handler fails, naming the request and the seed.
// (The embedded realtime server's own doors: tests/integration/realtime/fuzz-realtime-server.test.ts.)
import { createHmac, randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, it, vi } from "vitest";
import { z } from "zod";
import * as trpcRoute from "@/app/api/trpc/[trpc]/route";
import * as realtimeAuthRoute from "@/app/api/realtime/auth/route";
import * as ackRoute from "@/app/api/sandbox/commands/ack/route";
import * as commandsRoute from "@/app/api/sandbox/commands/route";
import * as eventsRoute from "@/app/api/sandbox/events/route";
import * as gitCredentialsRoute from "@/app/api/sandbox/git-credentials/route";
import * as localGitRoute from "@/app/api/sandbox/git/[...path]/route";
import * as heartbeatRoute from "@/app/api/sandbox/heartbeat/route";
import * as pullRequestsRoute from "@/app/api/sandbox/pull-requests/route";
import * as modelGatewayRoute from "@/app/api/sandbox/models/[provider]/[...path]/route";
import * as webhookRoute from "@/app/api/webhooks/github/route";
import { ackSchema, commandsQuerySchema, eventBatchSchema, pullRequestRequestSchema } from "@/sandbox/bridge/protocol";
import { appRouter } from "@/server/api/root";
import { createApiToken } from "@/server/api-tokens/api-tokens";
import { getDb } from "@/server/db";
import { openApiDocument } from "@/server/http/openapi";
import { presenceChannel, SESSIONS_CHANNEL, sessionChannel } from "@/server/realtime/channels";
import { embeddedPusherEnv, startPusherServer } from "@/server/realtime/local/pusher-server";
import { createSession } from "@/server/sessions/create-session";
import type { CurrentUser } from "@/server/users/get-user";
import { administrator, asActor, createLiveSandbox, createLocalRepository } from "../../factories";
import {
  brokenBody,
  contentType,
  expectNoFailures,
  type FuzzCase,
  FUZZ_SEED,
  fuzzDoor,
  type JsonSchema,
  mutate,
  plausible,
  type Random,
  randomFor,
  weirdHeaderValue,
  WEIRD_STRINGS,
  weirdValue,
  wellFormed,
} from "../../support/fuzz";
import { startFakeModelServer } from "../../fixtures/fake-model/server";
import { TEST_APP, withFakeGithubApp } from "../../support/github-app";
import { withOwnDatabase } from "../../support/own-database";
import { asUser } from "../../support/signed-in";
import { type RouteHandler, v1Routes } from "../../support/v1-routes";

vi.mock("@/server/auth", async (original) => ({
  ...(await original<object>()),
  getCurrentUser: (await import("../../support/signed-in")).signedInUser,
}));

// As an administrator with generated input, the fuzz changes what every test file shares — the
// settings, global secrets, model providers — so it works in a database of its own.
withOwnDatabase();

// Realtime is configured (an embedded server of this file's own), as GitHub's App is: a door
// that answers 503 because a service is missing would hide what the fuzz looks for.
const pusher = await startPusherServer({ appId: "fuzz", key: "fuzz-key", secret: "fuzz-secret-fuzz-secret", port: 0 });
Object.assign(
  process.env,
  embeddedPusherEnv({ appId: "fuzz", key: "fuzz-key", secret: "fuzz-secret-fuzz-secret" }, pusher.port),
);
withFakeGithubApp();

/** Cases per door: per procedure, per endpoint, per webhook and sandbox endpoint. */
const CASES = { procedure: 12, endpoint: 12, sandboxEndpoint: 24, webhook: 60, channelAuth: 40 };

let person: CurrentUser;
let apiToken: string;
let sandboxToken: string;
let gatewayToken: string;
let sandboxId: string;
let repositoryId: string;
/** Real ids and names, so that generated requests get past their lookups to what follows. */
let known: string[] = [];

beforeAll(async () => {
  console.log(`fuzz: seed ${FUZZ_SEED} (replay with NIGHTSHIFT_FUZZ_SEED=${FUZZ_SEED})`);
  // The administrator, so that what only administrators may do is fuzzed past the permission check too.
  person = await administrator();
  const repository = await createLocalRepository(person.id);
  repositoryId = repository.id;
  const session = await createSession({
    repositoryId: repository.id,
    actor: asActor(person),
    prompt: { content: "Look around", source: "api" },
  });
  const message = await getDb().message.findFirstOrThrow({ where: { sessionId: session.id } });
  ({ token: apiToken } = await createApiToken({ userId: person.id, name: "fuzz" }));
  ({
    sandbox: { id: sandboxId },
    token: sandboxToken,
    gatewayToken,
  } = await createLiveSandbox(session.id));
  known = [person.id, repository.id, session.id, message.id, sandboxId, repository.name, "fake-coder", "custom"];
});

afterAll(async () => {
  await pusher.stop();
});

/** A path segment for any string, a lone surrogate included (which encodeURIComponent refuses). */
function pathSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, "\uFFFD"));
  }
}

function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
}

/** A JSON body: most of the time shaped by `schema` and broken in one place, else not JSON at all. */
function body(random: Random, schema: JsonSchema | undefined): string {
  if (random.chance(0.25)) return brokenBody(random);
  const value = plausible(schema, random, known);
  return JSON.stringify(random.chance(0.85) ? mutate(value, random) : value) ?? "";
}

function bearer(random: Random, valid: string): Record<string, string> {
  if (random.chance(0.75)) return { authorization: `Bearer ${valid}` };
  if (random.chance(0.2)) return {};
  return {
    authorization: random.pick([
      "Bearer",
      "Bearer ",
      `bearer ${valid}`,
      `Bearer ${valid}x`,
      `Bearer ${valid} ${valid}`,
      "Basic YWRhOmxvdmVsYWNl",
      `Bearer ${weirdHeaderValue(random)}`,
      weirdHeaderValue(random),
    ]),
  };
}

/** A query string: mostly `schema`'s parameters (one broken), sometimes odd ones. */
function query(random: Random, parameters: Record<string, JsonSchema>): string {
  const values = plausible({ type: "object", properties: parameters }, random, known) as Record<string, unknown>;
  const broken = (random.chance(0.7) ? mutate(values, random) : values) as Record<string, unknown>;
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(broken ?? {}))
    search.append(name, typeof value === "string" ? value : JSON.stringify(value));
  if (random.chance(0.2)) search.append(random.pick(WEIRD_STRINGS), random.pick(WEIRD_STRINGS));
  const text = search.toString();
  if (random.chance(0.15)) return `?${text}&${random.pick(["%E0%A4%A", "a=%", "&&==&", "limit=1&limit=2", "%00=%00"])}`;
  return text ? `?${text}` : "";
}

/** What each tRPC case breaks: mostly the input, else the body, the method, a batch, the path or the envelope. */
const TRPC_CASE_KINDS = ["input", "input", "input", "input", "body", "method", "batch", "path", "envelope"] as const;

function trpcCases(): FuzzCase[] {
  const procedures = Object.entries(appRouter._def.procedures as Record<string, unknown>) as [
    string,
    { _def: TrpcProcedureDef },
  ][];
  const paths = procedures.map(([name]) => name);
  return procedures.flatMap(([name, procedure]) => {
    const random = randomFor(`tRPC ${name}`);
    const schema = mergedInput(procedure._def.inputs);
    const usual = procedure._def.type === "query" ? "GET" : "POST";
    return Array.from({ length: CASES.procedure }, (): FuzzCase => {
      const as = random.chance(0.75) ? "signed in" : "signed out";
      const input = plausible(schema, random, known);
      const envelope = { json: random.chance(0.85) ? mutate(input, random) : input };
      const kind = random.pick(TRPC_CASE_KINDS);
      const method = kind === "method" ? (usual === "GET" ? "POST" : "GET") : usual;
      const headers = method === "POST" ? contentType(random) : {};
      if (random.chance(0.1)) headers.accept = "application/jsonl";
      let url = `http://localhost/api/trpc/${name}`;
      let payload = JSON.stringify(envelope);
      if (kind === "body") payload = brokenBody(random);
      if (kind === "batch") {
        url = `http://localhost/api/trpc/${name},${random.pick(paths)}?batch=1`;
        payload = JSON.stringify(random.pick([{ 0: envelope, 1: envelope }, [envelope], envelope.json, null]));
      }
      if (kind === "path")
        url = `http://localhost/api/trpc/${random.pick([`${name}/${random.pick(WEIRD_STRINGS)}`, `${name}%00`, `${name}.`, random.pick(WEIRD_STRINGS), `${name},`])}`;
      if (kind === "envelope")
        payload = JSON.stringify(
          random.pick([
            input,
            { json: input, meta: weirdValue(random) },
            { json: input, meta: { values: { "": ["Date"] } } },
          ]),
        );
      if (method === "GET") return { door: "tRPC", method, url: withInput(url, payload, random), headers, as };
      return { door: "tRPC", method, url, headers, body: payload, as };
    });
  });
}

type TrpcProcedureDef = { type: "query" | "mutation" | "subscription"; inputs: z.ZodType[] };

/** A procedure's inputs (a base procedure's and its own) as one JSON Schema object. */
function mergedInput(inputs: z.ZodType[]): JsonSchema | undefined {
  if (inputs.length === 0) return undefined;
  const schemas = inputs.map(jsonSchemaOf);
  if (schemas.length === 1) return schemas[0];
  return {
    type: "object",
    properties: Object.assign({}, ...schemas.map((schema) => schema.properties)) as Record<string, JsonSchema>,
    required: schemas.flatMap((schema) => schema.required ?? []),
  };
}

function withInput(url: string, payload: string, random: Random): string {
  const separator = url.includes("?") ? "&" : "?";
  if (random.chance(0.2))
    return `${url}${separator}input=${random.pick(["%7B", "%E0%A4%A", "%00", payload.slice(0, 50)])}`;
  const extra = random.chance(0.15)
    ? `&connectionParams=${encodeURIComponent(wellFormed(brokenBody(random).slice(0, 200)))}`
    : "";
  return `${url}${separator}input=${encodeURIComponent(wellFormed(payload))}${extra}`;
}

describe("the doors of the control plane, fuzzed", () => {
  it("answer every malformed tRPC request to every procedure with a 4xx, in time", { timeout: 60_000 }, async () => {
    const failures = await fuzzDoor("tRPC", trpcCases(), (request, fuzzCase) =>
      asUser(fuzzCase.as === "signed in" ? person : null, () =>
        request.method === "GET" ? trpcRoute.GET(request) : trpcRoute.POST(request),
      ),
    );
    expectNoFailures(failures);
  });

  it("answer every malformed request to every /api/v1 endpoint with a 4xx, in time", { timeout: 60_000 }, async () => {
    const routes = await v1Routes();
    const document = openApiDocument() as unknown as { paths: Record<string, Record<string, OpenApiOperation>> };
    const handlers = new Map<string, { handler: RouteHandler; params: Record<string, string> }>();
    const cases = Object.entries(routes).flatMap(([route, handler]) => {
      const [method, pattern] = route.split(" ") as [string, string];
      const operation = document.paths[pattern.replace("/api/v1", "")]?.[method.toLowerCase()];
      // A long poll (`wait`, up to 25 s) rightly holds a request longer than a fuzzed request may
      // take: plausible waits stay within 3 s here (tests/integration/api/v1-following.test.ts
      // covers the long ones).
      const parameters = Object.fromEntries(
        (operation?.parameters ?? [])
          .filter((p) => p.in === "query")
          .map((p) => [p.name, p.name === "wait" ? { ...p.schema, maximum: 3 } : p.schema]),
      );
      const bodySchema = operation?.requestBody?.content["application/json"]?.schema;
      const random = randomFor(`v1 ${route}`);
      return Array.from({ length: CASES.endpoint }, (): FuzzCase => {
        const params: Record<string, string> = {};
        const path = pattern.replace(/\{(\w+)\}/g, (_, name: string) => {
          params[name] = random.chance(0.6) ? random.pick(known) : random.pick(WEIRD_STRINGS);
          return encodeURIComponent(wellFormed(params[name]));
        });
        const url = `http://localhost${path}${query(random, parameters)}`;
        handlers.set(url + method, { handler, params });
        const headers = { ...bearer(random, apiToken), ...(method === "GET" ? {} : contentType(random)) };
        return {
          door: `v1 ${route}`,
          method,
          url,
          headers,
          body: method === "GET" ? undefined : body(random, bodySchema),
        };
      });
    });
    const failures = await fuzzDoor("/api/v1", cases, (request, fuzzCase) => {
      const { handler, params } = handlers.get(fuzzCase.url + fuzzCase.method)!;
      return handler(request, { params: Promise.resolve(params) });
    });
    expectNoFailures(failures);
  });

  it("answer every malformed request from a sandbox with a 4xx, in time", { timeout: 60_000 }, async () => {
    const endpoints: Record<string, { handler: (req: Request) => Promise<Response>; schema?: z.ZodType }> = {
      "POST /api/sandbox/events": { handler: eventsRoute.POST, schema: eventBatchSchema },
      "GET /api/sandbox/commands": { handler: commandsRoute.GET, schema: commandsQuerySchema },
      "POST /api/sandbox/commands/ack": { handler: ackRoute.POST, schema: ackSchema },
      "POST /api/sandbox/heartbeat": { handler: heartbeatRoute.POST },
      "POST /api/sandbox/git-credentials": { handler: gitCredentialsRoute.POST },
      "POST /api/sandbox/pull-requests": { handler: pullRequestsRoute.POST, schema: pullRequestRequestSchema },
    };
    const cases = Object.entries(endpoints).flatMap(([route, { schema }]) => {
      const [method, pathname] = route.split(" ") as [string, string];
      const random = randomFor(`sandbox ${route}`);
      const json = schema ? jsonSchemaOf(schema) : { type: "object" };
      return Array.from({ length: CASES.sandboxEndpoint }, (): FuzzCase => {
        const headers = bearer(random, sandboxToken);
        if (method === "GET")
          return {
            door: `sandbox ${route}`,
            method,
            url: `http://localhost${pathname}${query(random, json.properties ?? {})}`,
            headers,
          };
        return {
          door: `sandbox ${route}`,
          method,
          url: `http://localhost${pathname}`,
          headers: { ...headers, ...contentType(random) },
          body: body(random, json),
        };
      });
    });
    const failures = await fuzzDoor("/api/sandbox", cases, async (request, fuzzCase) => {
      // Live again before each request, so that every case gets past the token to what it sends.
      await getDb().sandbox.update({ where: { id: sandboxId }, data: { status: "ready" } });
      const handler = endpoints[`${fuzzCase.method} ${new URL(fuzzCase.url).pathname}`]!.handler;
      // A bridge's long poll is cut short as a bridge going away would cut it.
      return handler(new Request(request, { signal: AbortSignal.timeout(50) }));
    });
    expectNoFailures(failures);
  });

  it("answer every malformed call to the model gateway with a 4xx, in time", { timeout: 60_000 }, async () => {
    // The custom endpoint is a real (fake) model server, so that calls that pass get a real answer.
    const model = await startFakeModelServer({ port: Number(new URL(process.env.NIGHTSHIFT_MODEL_BASE_URL!).port) });
    try {
      const random = randomFor("model gateway");
      const request = {
        type: "object",
        properties: {
          model: { type: "string", enum: ["fake-coder"] },
          stream: { type: "boolean" },
          max_tokens: { type: "integer" },
          messages: {
            type: "array",
            items: { type: "object", properties: { role: { type: "string" }, content: { type: "string" } } },
          },
        },
      } satisfies JsonSchema;
      const cases = Array.from({ length: CASES.sandboxEndpoint * 2 }, (): FuzzCase => {
        const provider = random.pick([
          "custom",
          "custom",
          "custom",
          "anthropic",
          "opencode",
          "nobody",
          ...WEIRD_STRINGS,
        ]);
        const call = random.pick([
          "chat/completions",
          "chat/completions",
          "messages",
          "responses",
          "embeddings",
          "",
          "chat/../x",
        ]);
        const headers = random.chance(0.3)
          ? { "x-api-key": random.chance(0.8) ? gatewayToken : weirdHeaderValue(random) }
          : bearer(random, gatewayToken);
        return {
          door: "model gateway",
          method: "POST",
          url: `http://localhost/api/sandbox/models/${pathSegment(provider)}/${call}`,
          headers: { ...headers, ...contentType(random) },
          body: body(random, request),
        };
      });
      const failures = await fuzzDoor("/api/sandbox/models", cases, async (request) => {
        await getDb().sandbox.update({ where: { id: sandboxId }, data: { status: "ready" } });
        const [, provider = "", ...path] = new URL(request.url).pathname.split("/").slice(3);
        return modelGatewayRoute.POST(request, {
          params: Promise.resolve({ provider: decodeURIComponent(provider), path }),
        });
      });
      expectNoFailures(failures);
    } finally {
      await model.close();
    }
  });

  it("answer every malformed request to a local repository's git endpoint with a 4xx, in time", async () => {
    const credentials = (await (
      await gitCredentialsRoute.POST(
        new Request("http://localhost/api/sandbox/git-credentials", {
          method: "POST",
          headers: { authorization: `Bearer ${sandboxToken}` },
        }),
      )
    ).json()) as { username: string; password: string };
    const random = randomFor("local git");
    const basic = (user: string, password: string) =>
      `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
    const cases = Array.from({ length: CASES.sandboxEndpoint * 2 }, (): FuzzCase => {
      const repository = random.chance(0.7)
        ? `${repositoryId}.git`
        : random.pick([repositoryId, `${sandboxId}.git`, ...WEIRD_STRINGS]);
      // Mostly the smart protocol's own requests, with the wrong ones among them.
      const [method, rest] = random.chance(0.7)
        ? random.pick([
            ["GET", "info/refs?service=git-upload-pack"],
            ["GET", "info/refs?service=git-receive-pack"],
            ["POST", "git-upload-pack"],
            ["POST", "git-receive-pack"],
          ] as const)
        : [
            random.pick(["GET", "POST"]),
            random.pick([
              "info/refs?service=git-nothing",
              "info/refs",
              "HEAD",
              "objects/info/packs",
              "../../etc/passwd",
            ]),
          ];
      const authorization = random.chance(0.7)
        ? basic(credentials.username, credentials.password)
        : random.chance(0.5)
          ? basic(random.pick(WEIRD_STRINGS), random.pick(WEIRD_STRINGS))
          : weirdHeaderValue(random);
      return {
        door: "local git",
        method,
        url: `http://localhost/api/sandbox/git/${pathSegment(repository)}/${rest}`,
        headers: {
          authorization,
          "content-type": random.chance(0.7)
            ? `application/x-${rest}-request`
            : random.pick(["application/x-git-upload-pack-request", "text/plain"]),
          ...(random.chance(0.2) ? { "content-encoding": random.pick(["gzip", "br", "nonsense"]) } : {}),
        },
        ...(method === "GET" ? {} : { body: random.chance(0.5) ? brokenBody(random) : "0000" }),
      };
    });
    const failures = await fuzzDoor("/api/sandbox/git", cases, async (request) => {
      await getDb().sandbox.update({ where: { id: sandboxId }, data: { status: "ready" } });
      const path = new URL(request.url).pathname.split("/").slice(4).map(decodeURIComponent);
      const handler = request.method === "GET" ? localGitRoute.GET : localGitRoute.POST;
      return handler(request, { params: Promise.resolve({ path }) });
    });
    expectNoFailures(failures);
  });

  it("answer every malformed GitHub webhook delivery with a 4xx, in time", { timeout: 60_000 }, async () => {
    const fixtures = readdirSync("tests/fixtures/github")
      .filter((file) => file.startsWith("webhook-"))
      .map((file) => JSON.parse(readFileSync(path.join("tests/fixtures/github", file), "utf8")) as unknown);
    const random = randomFor("webhooks");
    const events = ["pull_request", "issue_comment", "pull_request_review_comment", "issues", "ping", "installation"];
    const cases = Array.from({ length: CASES.webhook }, (): FuzzCase => {
      const payload = random.chance(0.2)
        ? brokenBody(random)
        : (JSON.stringify(mutate(structuredClone(random.pick(fixtures)), random)) ?? "");
      const signature = `sha256=${createHmac("sha256", TEST_APP.webhookSecret).update(payload).digest("hex")}`;
      const headers: Record<string, string> = {
        ...contentType(random),
        "x-github-event": random.chance(0.8) ? random.pick(events) : weirdHeaderValue(random),
        "x-github-delivery": random.chance(0.8) ? randomBytes(8).toString("hex") : weirdHeaderValue(random),
      };
      const kind = random.int(0, 9);
      if (kind < 7) headers["x-hub-signature-256"] = signature;
      else if (kind < 9)
        headers["x-hub-signature-256"] = random.pick([
          "sha256=",
          "sha1=abc",
          signature.slice(0, -1),
          weirdHeaderValue(random),
        ]);
      return {
        door: "POST /api/webhooks/github",
        method: "POST",
        url: "http://localhost/api/webhooks/github",
        headers,
        body: payload,
      };
    });
    expectNoFailures(await fuzzDoor("/api/webhooks/github", cases, (request) => webhookRoute.POST(request)));
  });

  it("answer every malformed realtime channel authorisation with a 4xx, in time", { timeout: 60_000 }, async () => {
    const random = randomFor("realtime auth");
    const [sessionId] = known.slice(2, 3) as [string];
    const channels = [
      sessionChannel(sessionId),
      presenceChannel(sessionId),
      SESSIONS_CHANNEL,
      "private-session-",
      "presence-session-x",
    ];
    const cases = Array.from({ length: CASES.channelAuth }, (): FuzzCase => {
      const form = new URLSearchParams({
        socket_id: random.chance(0.7) ? "123.456" : random.pick(WEIRD_STRINGS),
        channel_name: random.chance(0.6)
          ? random.pick(channels)
          : random.pick([...WEIRD_STRINGS, `private-session-${random.pick(WEIRD_STRINGS)}`]),
      });
      if (random.chance(0.2)) form.delete(random.pick(["socket_id", "channel_name"]));
      const payload = random.chance(0.2) ? brokenBody(random) : form.toString();
      const headers = random.chance(0.7)
        ? { "content-type": "application/x-www-form-urlencoded" }
        : contentType(random);
      return {
        door: "POST /api/realtime/auth",
        method: "POST",
        url: "http://localhost/api/realtime/auth",
        headers,
        body: payload,
        as: random.chance(0.75) ? "signed in" : "signed out",
      };
    });
    const failures = await fuzzDoor("/api/realtime/auth", cases, (request, fuzzCase) =>
      asUser(fuzzCase.as === "signed in" ? person : null, () => realtimeAuthRoute.POST(request)),
    );
    expectNoFailures(failures);
  });
});

type OpenApiOperation = {
  parameters?: { name: string; in: string; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema } | undefined> };
};
