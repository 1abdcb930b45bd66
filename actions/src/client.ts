// The typed client for Nightshift's /api/v1, shared by the GitHub Action (./main.ts) and the
// command line (./cli.ts). Its types come from the server's own: request bodies are the zod
// schemas' inputs that the OpenAPI document is generated from, and answers are what the
// services return, as JSON (dates as strings). Only types are imported, so the bundle carries
// none of the server. tests/unit/api-client.test.ts checks every operation against the
// OpenAPI document.
import type { z } from "zod";
import type { WorkflowTokenGrant } from "@/server/access/workflow-tokens";
import type { EventPage } from "@/server/events/list-events";
import type { createSessionBody, eventsQuery, listSessionsQuery, sendPromptBody } from "@/server/http/v1-schemas";
import type { RepositoryView } from "@/server/repositories/list-repositories";
import type { SessionSnapshot } from "@/server/sessions/get-session";
import type { SessionPage } from "@/server/sessions/list-sessions";
import type { PromptResult } from "@/server/sessions/prompt-result";
import type { MessageView, SessionSummary } from "@/server/sessions/session-select";
import type { StopPromptResult } from "@/server/sessions/stop-prompt";

/** A value as it arrives over JSON: dates become strings. */
export type Json<T> = T extends Date
  ? string
  : T extends Array<infer Item>
    ? Array<Json<Item>>
    : T extends object
      ? { [Key in keyof T]: Json<T[Key]> }
      : T;

export type Repository = Json<RepositoryView>;
export type Session = Json<SessionSummary>;
export type Prompt = Json<MessageView>;
export type SessionDetail = Json<Omit<SessionSnapshot, "timeline">> & { lastSeq: number };
export type Events = Json<EventPage>;
export type TimelineEntry = Events["events"][number];
export type Result = Json<PromptResult>;
export type WorkflowToken = Json<WorkflowTokenGrant>;
export type CreateSessionRequest = z.input<typeof createSessionBody>;
export type SendPromptRequest = z.input<typeof sendPromptBody>;
export type ListSessionsRequest = Partial<z.output<typeof listSessionsQuery>>;
export type EventsRequest = Partial<z.output<typeof eventsQuery>>;

/** Every operation the client calls, as the OpenAPI document names it. */
export const OPERATIONS = {
  exchangeGithubOidc: "POST /auth/github-oidc",
  listRepositories: "GET /repositories",
  listSessions: "GET /sessions",
  createSession: "POST /sessions",
  getSession: "GET /sessions/{id}",
  sendPrompt: "POST /sessions/{id}/prompts",
  promptResult: "GET /sessions/{id}/prompts/{messageId}",
  events: "GET /sessions/{id}/events",
  stop: "POST /sessions/{id}/stop",
} as const;

/** A refusal from the API: its status, its stable code, and what it said was wrong. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
  }
}

export type ClientOptions = {
  /** The deployment, e.g. https://nightshift.example.com. */
  url: string;
  /** A bearer token, or a function giving one (asked again after a 401, for tokens that expire). */
  token: string | ((options: { renew: boolean }) => Promise<string>);
  userAgent?: string;
  /** How many times a request that failed on the way (network, 502/503/504) is tried again. */
  retries?: number;
};

type Call = {
  path: string;
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** No bearer token (the OIDC exchange carries its own credential). */
  anonymous?: boolean;
};

const RETRIED_STATUSES = new Set([502, 503, 504]);

export class NightshiftClient {
  readonly url: string;

  constructor(private readonly options: ClientOptions) {
    this.url = options.url.replace(/\/+$/, "");
  }

  /** The page people open to watch and join a session. */
  sessionUrl(sessionId: string): string {
    return `${this.url}/sessions/${sessionId}`;
  }

  exchangeGithubOidc(token: string): Promise<WorkflowToken> {
    return this.call("POST", { path: "/auth/github-oidc", body: { token }, anonymous: true });
  }

  listRepositories(): Promise<{ repositories: Repository[] }> {
    return this.call("GET", { path: "/repositories" });
  }

  listSessions(query: ListSessionsRequest = {}): Promise<Json<SessionPage>> {
    return this.call("GET", { path: "/sessions", query });
  }

  createSession(body: CreateSessionRequest): Promise<{ session: Session }> {
    return this.call("POST", { path: "/sessions", body });
  }

  /**
   * Opens a session with a first prompt; answers it with the prompt's id (a retry with the same
   * clientRequestId answers the session the first opened).
   */
  async startSession(
    body: CreateSessionRequest & { prompt: { content: string; clientRequestId: string } },
  ): Promise<{ session: Session; messageId: string }> {
    const { session } = await this.createSession(body);
    const { messages } = await this.getSession(session.id);
    const message = messages.find((candidate) => candidate.clientRequestId === body.prompt.clientRequestId);
    if (!message) throw new Error(`Session ${session.id} was opened, but its first prompt is not in it.`);
    return { session, messageId: message.id };
  }

  getSession(id: string): Promise<SessionDetail> {
    return this.call("GET", { path: "/sessions/{id}", params: { id } });
  }

  sendPrompt(id: string, body: SendPromptRequest): Promise<{ message: Prompt; isDuplicate: boolean }> {
    return this.call("POST", { path: "/sessions/{id}/prompts", params: { id }, body });
  }

  promptResult(id: string, messageId: string): Promise<Result> {
    return this.call("GET", { path: "/sessions/{id}/prompts/{messageId}", params: { id, messageId } });
  }

  /** The timeline after `after`; with `wait`, held by the server until something arrives. */
  events(id: string, query: EventsRequest = {}): Promise<Events> {
    return this.call("GET", { path: "/sessions/{id}/events", params: { id }, query });
  }

  stop(id: string): Promise<Json<StopPromptResult>> {
    return this.call("POST", { path: "/sessions/{id}/stop", params: { id } });
  }

  private async call<T>(method: "GET" | "POST", call: Call): Promise<T> {
    const path = call.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(call.params?.[name] ?? ""));
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(call.query ?? {}))
      if (value !== undefined) query.set(name, String(value));
    const target = `${this.url}/api/v1${path}${query.size > 0 ? `?${query}` : ""}`;
    const retries = this.options.retries ?? 4;
    let renew = false;
    for (let attempt = 0; ; attempt += 1) {
      const headers: Record<string, string> = {
        accept: "application/json",
        "user-agent": this.options.userAgent ?? "nightshift-client",
      };
      if (call.body !== undefined) headers["content-type"] = "application/json";
      if (!call.anonymous) headers.authorization = `Bearer ${await this.token(renew)}`;
      let response: Response;
      try {
        response = await fetch(target, {
          method,
          headers,
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
        });
      } catch (error) {
        if (attempt < retries) {
          await backoff(attempt);
          continue;
        }
        throw new ApiError(0, "UNREACHABLE", `Nightshift at ${this.url} could not be reached: ${causeOf(error)}.`);
      }
      if (RETRIED_STATUSES.has(response.status) && attempt < retries) {
        await backoff(attempt);
        continue;
      }
      // A token that expired meanwhile: one more try with a new one, when it can be renewed.
      if (response.status === 401 && !renew && typeof this.options.token === "function" && !call.anonymous) {
        renew = true;
        continue;
      }
      const text = await response.text();
      const json = parseJson(text);
      if (response.ok) return json as T;
      const error = (json as { error?: { code?: string; message?: string; fieldErrors?: Record<string, string[]> } })
        ?.error;
      throw new ApiError(
        response.status,
        error?.code ?? `HTTP_${response.status}`,
        error?.message ?? `Nightshift answered ${response.status} ${response.statusText}: ${text.slice(0, 200)}`,
        error?.fieldErrors,
      );
    }
  }

  private async token(renew: boolean): Promise<string> {
    const { token } = this.options;
    return typeof token === "string" ? token : token({ renew });
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? String(error);
}

const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.min(8_000, 500 * 2 ** attempt)));

/** A message that says what was wrong, with the fields a refusal named. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  // Field errors that say more than the message itself.
  const fields = Object.entries(error.fieldErrors ?? {})
    .map(([field, problems]) => [field, problems.filter((problem) => problem !== error.message)] as const)
    .filter(([, problems]) => problems.length > 0)
    .map(([field, problems]) => `${field}: ${problems.join("; ")}`);
  return fields.length > 0 ? `${error.message} (${fields.join(", ")})` : error.message;
}
