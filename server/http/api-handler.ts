// The public API's route handlers: authenticate the bearer token, parse input with the same
// zod schemas as tRPC, call a service, answer JSON. Errors are JSON with a stable code:
// { "error": { "code": "NOT_FOUND", "message": "…", "fieldErrors": { … } } }.
import type { z } from "zod";
import { type Actor, actorFor } from "../access/actor";
import { authenticateWorkflowToken, WORKFLOW_TOKEN_PREFIX, type WorkflowRun } from "../access/workflow-tokens";
import { authenticateApiToken } from "../api-tokens/api-tokens";
import { getDb } from "../db";
import { getEnv } from "../env";
import { AppError, GENERIC_ERROR_MESSAGE, unstorableInputError } from "../errors";
import { logger } from "../logger";
import type { CurrentUser } from "../users/get-user";

/**
 * `actor`: who the services act for; they check what it may do. `workflowRun`: the GitHub
 * Actions run whose workflow token authenticated the request (null for a personal API token).
 */
export type ApiRequest<Params> = {
  req: Request;
  user: CurrentUser;
  actor: Actor;
  params: Params;
  workflowRun: WorkflowRun | null;
};
export type ApiReply = { status?: number; body: unknown };
type RouteContext<Params> = { params: Promise<Params> };
/** `workflowTokens`: a workflow token (one repository's sessions) may call this endpoint too. */
export type ApiHandlerOptions = { workflowTokens?: boolean };

export function apiHandler<Params = Record<string, never>>(
  handle: (request: ApiRequest<Params>) => Promise<ApiReply>,
  options: ApiHandlerOptions = {},
) {
  return async (req: Request, context: RouteContext<Params>): Promise<Response> => {
    try {
      const caller = await authenticate(bearerToken(req), options);
      const reply = await handle({ req, ...caller, params: await context.params });
      return Response.json(reply.body, { status: reply.status ?? 200 });
    } catch (error) {
      return errorResponse(error, req);
    }
  };
}

async function authenticate(
  token: string | undefined,
  options: ApiHandlerOptions,
): Promise<{ user: CurrentUser; actor: Actor; workflowRun: WorkflowRun | null }> {
  if (!token?.startsWith(WORKFLOW_TOKEN_PREFIX)) {
    const user = await authenticateApiToken(token);
    return { user, actor: actorFor(user), workflowRun: null };
  }
  const workflow = await authenticateWorkflowToken(token, getDb(), getEnv());
  if (!options.workflowTokens)
    throw new AppError(
      "FORBIDDEN",
      "A workflow token reaches only its repository's sessions; this endpoint needs a personal API token.",
    );
  return { user: workflow.user, actor: workflow.actor, workflowRun: workflow.run };
}

export function errorResponse(error: unknown, req: Request): Response {
  const appError = error instanceof AppError ? error : unstorableInputError(error);
  if (!appError) logger.error("API request failed", { method: req.method, url: new URL(req.url).pathname, error });
  const code = appError?.code ?? "INTERNAL";
  const body = {
    error: {
      code,
      message: appError?.message ?? GENERIC_ERROR_MESSAGE,
      ...(appError?.fieldErrors ? { fieldErrors: appError.fieldErrors } : {}),
    },
  };
  return Response.json(body, { status: appError?.status ?? 500 });
}

/** The request's JSON body, validated. */
export async function readBody<Schema extends z.ZodType>(req: Request, schema: Schema): Promise<z.infer<Schema>> {
  const text = await req.text();
  let json: unknown;
  try {
    json = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new AppError("VALIDATION", "The request body is not valid JSON.");
  }
  return parse(schema, json);
}

/** The query string, validated (values arrive as strings; schemas coerce what they need). */
export function readQuery<Schema extends z.ZodType>(req: Request, schema: Schema): z.infer<Schema> {
  return parse(schema, Object.fromEntries(new URL(req.url).searchParams));
}

/** A value validated by `schema`; a refusal names each field, as readBody's do. */
export function parse<Schema extends z.ZodType>(schema: Schema, value: unknown): z.infer<Schema> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  return parsed.data;
}

export function bearerToken(req: Request): string | undefined {
  const header = req.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
