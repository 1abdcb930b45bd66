// Pusher's HTTP API under /apps/{app_id}: publish (events, batch_events) and query (channels,
// one channel, a presence channel's users). Every request is signed; the handlers are plain
// functions of the parsed request, and the route table sits at the bottom.
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { ChannelRegistry } from "./channel-registry";
import { LIMITS, channelKind, channelNameSchema, encodeFrame, safeDecode, socketIdSchema } from "./protocol";
import { type Credentials, verifyApiRequest } from "./signatures";

export type ApiContext = {
  appId: string;
  credentials: Credentials;
  registry: ChannelRegistry;
  maxMessageBytes: number;
  /** Called once per event delivered to a channel, for stats. */
  onPublished: () => void;
};

type ApiRequest = { query: URLSearchParams; body: unknown; params: string[] };
type ApiResponse = { status: number; json?: unknown; text?: string };
type Handler = (context: ApiContext, request: ApiRequest) => ApiResponse;

const eventSchema = z.object({
  name: z.string().min(1).max(LIMITS.eventNameLength),
  data: z.string(),
  socket_id: socketIdSchema.optional(),
  info: z.string().optional(),
});
const triggerSchema = eventSchema.extend({
  channels: z.array(channelNameSchema).min(1).optional(),
  channel: channelNameSchema.optional(),
});
const batchSchema = z.object({ batch: z.array(eventSchema.extend({ channel: channelNameSchema })).min(1) });

const trigger: Handler = (context, { body }) => {
  const parsed = triggerSchema.safeParse(body);
  if (!parsed.success) return badRequest(parsed.error);
  const event = parsed.data;
  const channels = [...new Set(event.channels ?? (event.channel === undefined ? [] : [event.channel]))];
  if (channels.length === 0) return { status: 400, text: "channels or channel is required" };
  if (channels.length > LIMITS.channelsPerEvent)
    return { status: 400, text: `An event may go to at most ${LIMITS.channelsPerEvent} channels` };
  const tooLarge = checkDataSize(context, [event.data]);
  if (tooLarge) return tooLarge;
  for (const channel of channels) publish(context, channel, event);
  if (event.info === undefined) return { status: 200, json: {} };
  const attributes = Object.fromEntries(
    channels.map((channel) => [channel, channelAttributes(context.registry, channel, event.info)]),
  );
  return { status: 200, json: { channels: attributes } };
};

const triggerBatch: Handler = (context, { body }) => {
  const parsed = batchSchema.safeParse(body);
  if (!parsed.success) return badRequest(parsed.error);
  const { batch } = parsed.data;
  if (batch.length > LIMITS.eventsPerBatch)
    return { status: 400, text: `A batch may hold at most ${LIMITS.eventsPerBatch} events` };
  const tooLarge = checkDataSize(
    context,
    batch.map((event) => event.data),
  );
  if (tooLarge) return tooLarge;
  for (const event of batch) publish(context, event.channel, event);
  if (batch.every((event) => event.info === undefined)) return { status: 200, json: {} };
  return {
    status: 200,
    json: { batch: batch.map((event) => channelAttributes(context.registry, event.channel, event.info)) },
  };
};

const listChannels: Handler = (context, { query }) => {
  const prefix = query.get("filter_by_prefix") ?? "";
  const info = query.get("info") ?? undefined;
  if (info?.split(",").includes("user_count") && !prefix.startsWith("presence-")) {
    return { status: 400, text: "user_count is only available with filter_by_prefix=presence-" };
  }
  const channels = Object.fromEntries(
    context.registry.list(prefix).map((channel) => [channel, channelAttributes(context.registry, channel, info)]),
  );
  return { status: 200, json: { channels } };
};

const showChannel: Handler = (context, { query, params }) => {
  const channel = params[0] ?? "";
  if (!channelNameSchema.safeParse(channel).success) return { status: 400, text: `Invalid channel name: ${channel}` };
  const info = query.get("info") ?? undefined;
  if (info?.split(",").includes("user_count") && channelKind(channel) !== "presence") {
    return { status: 400, text: "user_count is only available for presence channels" };
  }
  const attributes = channelAttributes(context.registry, channel, info);
  return { status: 200, json: { occupied: context.registry.info(channel).occupied, ...attributes } };
};

const listUsers: Handler = (context, { params }) => {
  const channel = params[0] ?? "";
  if (channelKind(channel) !== "presence")
    return { status: 400, text: "Users can only be listed for presence channels" };
  return { status: 200, json: { users: context.registry.presence(channel).ids.map((id) => ({ id })) } };
};

function publish(
  context: ApiContext,
  channel: string,
  event: { name: string; data: string; socket_id?: string },
): void {
  context.registry.publish(channel, encodeFrame(event.name, event.data, channel), event.socket_id);
  context.onPublished();
}

function checkDataSize(context: ApiContext, data: string[]): ApiResponse | undefined {
  const largest = Math.max(...data.map((value) => Buffer.byteLength(value, "utf8")));
  if (largest <= context.maxMessageBytes) return undefined;
  return {
    status: 413,
    text: `Payload too large: event data is ${largest} bytes, the limit is ${context.maxMessageBytes}`,
  };
}

function channelAttributes(
  registry: ChannelRegistry,
  channel: string,
  info: string | undefined,
): Record<string, number> {
  const wanted = new Set(info?.split(",").map((name) => name.trim()));
  const { subscriptionCount, userCount } = registry.info(channel);
  const isPresence = channelKind(channel) === "presence";
  return {
    ...(wanted.has("user_count") && isPresence ? { user_count: userCount } : {}),
    ...(wanted.has("subscription_count") ? { subscription_count: subscriptionCount } : {}),
  };
}

function badRequest(error: z.ZodError): ApiResponse {
  const issue = error.issues[0];
  return { status: 400, text: issue ? `Invalid ${issue.path.join(".") || "body"}: ${issue.message}` : "Invalid body" };
}

const ROUTES: { method: string; pattern: RegExp; handler: Handler }[] = [
  { method: "POST", pattern: /^\/events$/, handler: trigger },
  { method: "POST", pattern: /^\/batch_events$/, handler: triggerBatch },
  { method: "GET", pattern: /^\/channels$/, handler: listChannels },
  { method: "GET", pattern: /^\/channels\/([^/]+)$/, handler: showChannel },
  { method: "GET", pattern: /^\/channels\/([^/]+)\/users$/, handler: listUsers },
];

/** Serves one request under /apps/; the caller routes only those here. */
export async function handleApiRequest(
  context: ApiContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://localhost");
  const match = /^\/apps\/([^/]+)(\/.*)$/.exec(url.pathname);
  if (!match || safeDecode(match[1] ?? "") !== context.appId)
    return send(response, { status: 404, text: "Unknown app" });
  const route = findRoute(request.method ?? "GET", match[2] ?? "");
  if (!route) return send(response, { status: 404, text: "Not found" });
  const body = await readBody(request, maxBodyBytes(context));
  if (body === undefined) return send(response, { status: 413, text: "Request body too large" });
  const verdict = verifyApiRequest(context.credentials, {
    method: request.method ?? "GET",
    path: url.pathname,
    query: url.searchParams,
    body,
    nowSeconds: Math.floor(Date.now() / 1000),
  });
  if (!verdict.ok) return send(response, { status: 401, text: verdict.message });
  const parsedBody = parseJson(body);
  if (parsedBody === INVALID_JSON) return send(response, { status: 400, text: "The body is not valid JSON" });
  send(response, route.handler(context, { query: url.searchParams, body: parsedBody, params: route.params }));
}

function findRoute(method: string, path: string): { handler: Handler; params: string[] } | undefined {
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (match && route.method === method)
      return { handler: route.handler, params: match.slice(1).map((param) => safeDecode(param) ?? "") };
  }
  return undefined;
}

/** Ten full events, each of whose data may double in size when escaped into JSON. */
function maxBodyBytes(context: ApiContext): number {
  return Math.max(1024 * 1024, context.maxMessageBytes * LIMITS.eventsPerBatch * 4);
}

/** The body as text, or undefined when it passes `limit` (the rest is drained, not kept). */
async function readBody(request: IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? undefined : Buffer.concat(chunks).toString("utf8");
}

const INVALID_JSON = Symbol("invalid-json");

function parseJson(body: string): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return INVALID_JSON;
  }
}

function send(response: ServerResponse, { status, json, text }: ApiResponse): void {
  const isJson = json !== undefined;
  response.writeHead(status, { "content-type": isJson ? "application/json" : "text/plain; charset=utf-8" });
  response.end(isJson ? JSON.stringify(json) : (text ?? ""));
}
