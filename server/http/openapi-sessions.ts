// The OpenAPI document's sessions, and the GitHub Actions token exchange (./openapi.ts).
import { body, errors, ok, okWith, queryParameters, sessionId } from "./openapi-parts";
import {
  createSessionBody,
  eventsQuery,
  githubOidcExchangeBody,
  listSessionsQuery,
  sendPromptBody,
  sessionBudgetBody,
} from "./v1-schemas";

const messageId = {
  name: "messageId",
  in: "path",
  required: true,
  schema: { type: "string" },
  description: "The prompt's id (a message's)",
};

export function sessionPaths() {
  return {
    "/sessions": {
      get: {
        summary: "List sessions, newest first",
        parameters: queryParameters(listSessionsQuery),
        responses: { 200: ok("{ sessions, nextCursor }"), ...errors("UNAUTHENTICATED", "VALIDATION") },
      },
      post: {
        summary:
          "Open a session, optionally with a first prompt; a retry with the same prompt clientRequestId answers the session the first opened",
        requestBody: body(createSessionBody),
        responses: {
          201: ok("{ session }"),
          ...errors("UNAUTHENTICATED", "FORBIDDEN", "VALIDATION", "NOT_FOUND", "CONFLICT", "LIMIT_EXCEEDED"),
        },
      },
    },
    "/sessions/{id}": {
      get: {
        summary: "A session with its prompts, participants and artifacts",
        parameters: [sessionId],
        responses: {
          200: ok(
            "{ session, messages, participants, artifacts, seal, usage, promptUsage, budget, automation, lastSeq }",
          ),
          ...errors("UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND"),
        },
      },
      patch: {
        summary: "Set this session's own limit on what its model calls may cost (its creator or an administrator)",
        parameters: [sessionId],
        requestBody: body(sessionBudgetBody),
        responses: {
          200: ok("{ budget }"),
          ...errors("UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "VALIDATION"),
        },
      },
    },
    "/sessions/{id}/prompts": {
      post: {
        summary: "Queue a prompt; idempotent on clientRequestId",
        parameters: [sessionId],
        requestBody: body(sendPromptBody),
        responses: {
          201: ok("{ message, isDuplicate: false }"),
          200: ok("{ message, isDuplicate: true }: a retry of a prompt already queued"),
          ...errors(
            "UNAUTHENTICATED",
            "FORBIDDEN",
            "VALIDATION",
            "NOT_FOUND",
            "CONFLICT",
            "LIMIT_EXCEEDED",
            "PRECONDITION_FAILED",
          ),
        },
      },
    },
    "/sessions/{id}/prompts/{messageId}": {
      get: {
        summary:
          "One prompt's result: status (queued, running, completed, failed, stopped, cancelled), the agent's final answer, the pull request, cost and files changed",
        parameters: [sessionId, messageId],
        responses: {
          200: okWith("The prompt's result", "PromptResult"),
          ...errors("UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND"),
        },
      },
    },
    "/sessions/{id}/stop": {
      post: {
        summary: "Stop the running prompt",
        parameters: [sessionId],
        responses: {
          200: ok("{ messageId, state }"),
          ...errors("UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "PRECONDITION_FAILED"),
        },
      },
    },
    "/sessions/{id}/events": {
      get: {
        summary:
          "The session's timeline after a sequence number, oldest first; with wait, held until the next event arrives (long polling)",
        parameters: [sessionId, ...queryParameters(eventsQuery)],
        responses: {
          200: ok("{ events, lastSeq, hasEarlier }"),
          ...errors("UNAUTHENTICATED", "FORBIDDEN", "VALIDATION", "NOT_FOUND"),
        },
      },
    },
  };
}

export function authPaths() {
  return {
    "/auth/github-oidc": {
      post: {
        summary:
          "Exchange a GitHub Actions workflow's OIDC token for a workflow token: an hour, its repository's sessions only, acting for the run's actor when they may write to it here, else for the GitHub App's bot",
        security: [],
        requestBody: body(githubOidcExchangeBody),
        responses: {
          201: okWith("The workflow token", "WorkflowToken"),
          ...errors("UNAUTHENTICATED", "FORBIDDEN", "VALIDATION", "PRECONDITION_FAILED", "UNAVAILABLE"),
        },
      },
    },
  };
}

const dateTime = { type: "string", format: "date-time" };
const nullable = (schema: object) => ({ oneOf: [{ type: "null" }, schema] });

export const sessionSchemas = {
  PromptResult: {
    type: "object",
    required: ["prompt", "session", "answer", "pullRequest", "costUsd", "filesChanged"],
    properties: {
      prompt: {
        type: "object",
        required: ["id", "status", "error", "source", "createdAt", "startedAt", "finishedAt"],
        properties: {
          id: { type: "string" },
          status: { type: "string", enum: ["queued", "running", "completed", "failed", "stopped", "cancelled"] },
          error: { type: ["string", "null"] },
          source: { type: "string" },
          createdAt: dateTime,
          startedAt: nullable(dateTime),
          finishedAt: nullable(dateTime),
        },
      },
      session: {
        type: "object",
        required: ["id", "url", "title", "branch", "baseBranch"],
        properties: {
          id: { type: "string" },
          url: { type: "string" },
          title: { type: ["string", "null"] },
          branch: { type: "string" },
          baseBranch: { type: "string" },
        },
      },
      answer: { type: ["string", "null"], description: "The agent's last text in this prompt" },
      pullRequest: nullable({
        type: "object",
        required: ["url", "number", "title"],
        properties: {
          url: { type: "string" },
          number: { type: ["integer", "null"] },
          title: { type: ["string", "null"] },
        },
      }),
      costUsd: { type: ["number", "null"], description: "null when a model call had no price" },
      filesChanged: nullable({
        type: "array",
        description:
          "The session branch against its base; null before the prompt finished, or when the code host could not say",
        items: {
          type: "object",
          required: ["path", "additions", "deletions"],
          properties: { path: { type: "string" }, additions: { type: "integer" }, deletions: { type: "integer" } },
        },
      }),
    },
  },
  WorkflowToken: {
    type: "object",
    required: ["token", "expiresAt", "repository", "actsAs", "run"],
    properties: {
      token: { type: "string", description: "nsw_…: send it as Authorization: Bearer" },
      expiresAt: dateTime,
      repository: {
        type: "object",
        required: ["id", "owner", "name"],
        properties: { id: { type: "string" }, owner: { type: "string" }, name: { type: "string" } },
      },
      actsAs: {
        type: "object",
        required: ["kind", "userId", "login"],
        properties: {
          kind: { type: "string", enum: ["person", "app"] },
          userId: { type: "string" },
          login: { type: "string" },
        },
      },
      run: {
        type: "object",
        required: ["repository", "runId", "runAttempt", "workflowRef", "eventName", "actor", "url"],
        properties: Object.fromEntries(
          ["repository", "runId", "runAttempt", "workflowRef", "eventName", "actor", "url"].map((key) => [
            key,
            { type: "string" },
          ]),
        ),
      },
    },
  },
};
