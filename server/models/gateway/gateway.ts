// The model gateway: OpenCode in a sandbox calls its providers here, with the sandbox's gateway
// token where the provider's key would go; the gateway checks the token (a live sandbox's, valid
// for its own session only), adds the provider's key, forwards the call as it came to the
// provider's API, and streams the answer back as it arrives. It reads each answer's usage on the
// way and records the call (tokens, cost) against the session, the prompt, its author and the
// repository. A call is refused while a budget it would be charged to is spent. Provider keys
// never enter a sandbox. docs/security.md#the-model-gateway.
import { budgetReached } from "../../budgets/budgets";
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import { AppError } from "../../errors";
import { logger } from "../../logger";
import type { CatalogModel, ModelApi } from "../catalog";
import { providerKey } from "../provider-keys";
import { loadModelProviders, type ModelProvider } from "../providers";
import { authenticateGatewayCaller, type GatewayCaller, gatewayToken } from "./caller";
import { callsRecorded, recordModelCall } from "./record-call";
import { NO_USAGE, streamUsageReader, type Usage, usageOfReply } from "./usage";

/** The calls OpenCode's SDKs make, as paths under a provider's base URL. */
export const GATEWAY_CALLS = ["messages", "responses", "chat/completions"] as const;

/** A request body larger than this is refused (a long conversation with images stays well under it). */
export const MAX_REQUEST_BYTES = 32 * 1024 * 1024;

/** Where each API is served when the provider names no base URL (the SDKs' own defaults). */
const DEFAULT_BASE_URLS: Record<ModelApi, string | null> = {
  anthropic: "https://api.anthropic.com/v1",
  openai: "https://api.openai.com/v1",
  "openai-compatible": null,
};

/** Request headers not passed on: the caller's credentials, and what belongs to one connection. */
const DROPPED_REQUEST_HEADERS = new Set([
  "authorization",
  "x-api-key",
  "api-key",
  "cookie",
  "host",
  "connection",
  "keep-alive",
  "content-length",
  "transfer-encoding",
  "accept-encoding",
  "proxy-authorization",
  "upgrade",
  "forwarded",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
]);
/** Response headers not passed back: fetch has already decoded the body and framed it anew. */
const DROPPED_RESPONSE_HEADERS = new Set(["content-encoding", "content-length", "transfer-encoding", "connection"]);

type Target = { provider: ModelProvider; model: CatalogModel; url: string; key: string | null; body: string };

/** What the call asks for, checked: a provider this repository may use, one of its models, a known call. */
async function resolveTarget(
  req: Request,
  caller: GatewayCaller,
  params: { provider: string; path: string[] },
  db: DbClient,
  env: Env,
): Promise<Target> {
  const call = params.path.join("/");
  if (!(GATEWAY_CALLS as readonly string[]).includes(call))
    throw new AppError("NOT_FOUND", `The model gateway serves ${GATEWAY_CALLS.join(", ")}; not ${call || "this"}.`);
  const providers = await loadModelProviders({ repositoryId: caller.repositoryId, db, env });
  const provider = providers.find((candidate) => candidate.id === params.provider);
  if (!provider) throw new AppError("NOT_FOUND", `There is no model provider "${params.provider}".`);
  if (!provider.available) throw new AppError("FORBIDDEN", provider.unavailableReason ?? `${provider.label} is off.`);

  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_REQUEST_BYTES) throw tooLarge();
  const body = await req.text();
  if (Buffer.byteLength(body, "utf8") > MAX_REQUEST_BYTES) throw tooLarge();
  let requested: unknown;
  try {
    requested = JSON.parse(body);
  } catch {
    throw new AppError("VALIDATION", "A model call's body must be JSON.");
  }
  const name = typeof requested === "object" && requested !== null ? (requested as { model?: unknown }).model : null;
  if (typeof name !== "string") throw new AppError("VALIDATION", "A model call must name its model.");
  const model = provider.models.find((candidate) => candidate.name === name);
  if (!model) throw new AppError("FORBIDDEN", `${provider.label} offers no model "${name}" here.`);

  const endpoint = await providerEndpoint(provider, model, caller.repositoryId, db, env);
  const search = new URL(req.url).search;
  return { provider, model, url: `${endpoint.baseUrl}/${call}${search}`, key: endpoint.key, body };
}

export type ProviderEndpoint = { api: ModelApi; baseUrl: string; key: string | null };

/**
 * Where calls to `model` of `provider` go (without a trailing slash), in which API, with which
 * key: as the gateway forwards a sandbox's calls, and as the control plane calls a model itself
 * (server/models/gateway/tool-call.ts). `repositoryId` null: global and environment keys only.
 */
export async function providerEndpoint(
  provider: ModelProvider,
  model: CatalogModel,
  repositoryId: string | null,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<ProviderEndpoint> {
  const api = model.api ?? provider.api;
  const base = provider.baseUrl ?? DEFAULT_BASE_URLS[api];
  if (!base) throw new AppError("FORBIDDEN", `${provider.label} has no address to call.`);
  return { api, baseUrl: base.replace(/\/+$/, ""), key: await providerKey(provider, repositoryId, db, env) };
}

function tooLarge(): AppError {
  return new AppError("VALIDATION", `A model call's body can be at most ${MAX_REQUEST_BYTES / 1024 / 1024} MB.`);
}

/** The caller's headers without its credentials, with the provider's key where the caller put its token. */
function upstreamHeaders(req: Request, key: string | null): Headers {
  const headers = new Headers();
  req.headers.forEach((value, name) => {
    if (!DROPPED_REQUEST_HEADERS.has(name.toLowerCase())) headers.set(name, value);
  });
  if (key) {
    if (req.headers.has("x-api-key")) headers.set("x-api-key", key);
    else headers.set("authorization", `Bearer ${key}`);
  }
  return headers;
}

/**
 * Refuses the call while a budget it would be charged to is spent. Calls that have just ended
 * are still being recorded here: their cost counts (so an agent's next call, which follows the
 * end of its last at once, sees it).
 */
async function assertWithinBudget(caller: GatewayCaller, db: DbClient): Promise<void> {
  if (caller.limits.length === 0) return;
  await callsRecorded();
  const reached = await budgetReached(caller, caller.limits, db);
  if (!reached) return;
  logger.info("model gateway: a call was refused, a budget is spent", { sessionId: caller.sessionId, reached });
  throw new AppError("BUDGET_REACHED", reached);
}

/**
 * The provider's answer, passed on chunk by chunk as it arrives (nothing read ahead of the
 * caller), its usage read on the way; `done` runs once, when it has ended or the caller left.
 */
function meteredBody(
  body: ReadableStream<Uint8Array>,
  isStream: boolean,
  done: (usage: Usage) => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const stream = streamUsageReader();
  const whole: Uint8Array[] = [];
  let isDone = false;
  const finish = () => {
    if (isDone) return;
    isDone = true;
    if (isStream) return done(stream.usage());
    try {
      done(usageOfReply(JSON.parse(Buffer.concat(whole).toString("utf8"))));
    } catch {
      done(NO_USAGE);
    }
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done: isEnd, value } = await reader.read();
          if (isEnd) {
            controller.close();
            return finish();
          }
          if (isStream) stream.push(value);
          else whole.push(value);
          controller.enqueue(value);
        } catch (error) {
          controller.error(error);
          finish();
        }
      },
      async cancel(reason) {
        finish();
        await reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** Answers one call to the gateway: the provider's own answer, or a refusal both SDKs can read. */
export async function forwardModelCall(
  req: Request,
  params: { provider: string; path: string[] },
  options: { db?: DbClient; env?: Env; fetch?: typeof fetch } = {},
): Promise<Response> {
  const db = options.db ?? getDb();
  const env = options.env ?? getEnv();
  const startedAt = Date.now();
  let caller: GatewayCaller;
  let target: Target;
  try {
    caller = await authenticateGatewayCaller(gatewayToken(req), db);
    // Side by side: both are on the path of every call.
    [target] = await Promise.all([resolveTarget(req, caller, params, db, env), assertWithinBudget(caller, db)]);
  } catch (error) {
    return refusal(error);
  }

  let upstream: Response;
  try {
    upstream = await (options.fetch ?? fetch)(target.url, {
      method: "POST",
      headers: upstreamHeaders(req, target.key),
      body: target.body,
      signal: req.signal,
    });
  } catch (error) {
    await recordModelCall(
      { caller, provider: target.provider.id, model: target.model, status: 0, usage: NO_USAGE, startedAt },
      db,
    );
    if (req.signal.aborted) return new Response(null, { status: 499 });
    logger.warn("model gateway: the provider could not be reached", { provider: target.provider.id, error });
    return refusal(new AppError("UNAVAILABLE", `${target.provider.label} could not be reached: ${describe(error)}.`));
  }

  const headers = new Headers();
  upstream.headers.forEach((value, name) => {
    if (!DROPPED_RESPONSE_HEADERS.has(name.toLowerCase())) headers.set(name, value);
  });
  const record = (usage: Usage) =>
    void recordModelCall(
      { caller, provider: target.provider.id, model: target.model, status: upstream.status, usage, startedAt },
      db,
    );
  if (!upstream.body) {
    record(NO_USAGE);
    return new Response(null, { status: upstream.status, headers });
  }
  const isStream = (upstream.headers.get("content-type") ?? "").includes("text/event-stream");
  return new Response(meteredBody(upstream.body, isStream, record), { status: upstream.status, headers });
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : null;
  return cause ?? (error instanceof Error ? error.message : String(error));
}

/**
 * A refusal as JSON that Anthropic's and OpenAI's SDKs both read, so that OpenCode shows the
 * reason: `{ type: "error", error: { type, code, message } }`.
 */
function refusal(error: unknown): Response {
  const appError = error instanceof AppError ? error : null;
  if (!appError) logger.error("model gateway: a call failed", { error });
  const code = appError?.code ?? "INTERNAL";
  const message = appError?.message ?? "The model gateway failed; see the control plane's log.";
  const status = appError?.status ?? 500;
  return Response.json({ type: "error", error: { type: code.toLowerCase(), code, message } }, { status });
}
