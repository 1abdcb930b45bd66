// tRPC's base: the context, the error formatter, and the base procedures. Procedures are
// defined here and nowhere else. Permissions are not: services check them (server/access).
import { initTRPC, TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import superjson from "superjson";
import { ZodError } from "zod";
import {
  APP_ERROR_CODES,
  AppError,
  type AppErrorCode,
  type FieldErrors,
  GENERIC_ERROR_MESSAGE,
  unstorableInputError,
} from "../errors";
import { actorFor } from "../access/actor";
import type { CurrentUser } from "../users/get-user";

export type Context = { user: CurrentUser | null };

/** What every error carries in `error.data`, besides tRPC's own `code` and `httpStatus`. */
export type ErrorData = { appCode: AppErrorCode; fieldErrors: FieldErrors | null };

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter: ({ shape, error }) => {
    const { appCode, message, fieldErrors, httpStatus } = describe(error);
    const { stack: _stack, ...data } = shape.data;
    return {
      ...shape,
      message,
      data: { ...data, httpStatus, appCode, fieldErrors } satisfies ErrorData & typeof data,
    };
  },
});

type Description = { appCode: AppErrorCode; message: string; fieldErrors: FieldErrors | null; httpStatus: number };

function describe(error: TRPCError): Description {
  const cause = error.cause instanceof AppError ? error.cause : (unstorableInputError(error.cause) ?? error.cause);
  if (cause instanceof AppError) {
    const { code, message, fieldErrors } = cause;
    return { appCode: code, message, fieldErrors: fieldErrors ?? null, httpStatus: APP_ERROR_CODES[code].status };
  }
  if (cause instanceof ZodError) {
    const validation = AppError.fromZod(cause);
    const { message, fieldErrors } = validation;
    return { appCode: "VALIDATION", message, fieldErrors: fieldErrors ?? null, httpStatus: validation.status };
  }
  const refusal = CLIENT_ERRORS[error.code];
  if (refusal) {
    // tRPC's own refusal of a malformed request (or a procedure's TRPCError): the caller's
    // mistake, answered with tRPC's 4xx status and never logged as our failure.
    const message = typeof refusal.message === "function" ? refusal.message(error) : (refusal.message ?? error.message);
    return { appCode: refusal.appCode, message, fieldErrors: null, httpStatus: getHTTPStatusCodeFromError(error) };
  }
  const appCode = APP_CODE_BY_TRPC_CODE[error.code] ?? "INTERNAL";
  // Unknown failures are logged by the route handler; people see a generic message.
  const message = appCode === "INTERNAL" ? GENERIC_ERROR_MESSAGE : error.message;
  return { appCode, message, fieldErrors: null, httpStatus: APP_ERROR_CODES[appCode].status };
}

/** Whether an error is ours (answered 5xx, and worth logging) rather than the caller's. */
export function isServerFailure(error: TRPCError): boolean {
  return describe(error).httpStatus >= 500;
}

const APP_CODE_BY_TRPC_CODE: Partial<Record<TRPCError["code"], AppErrorCode>> = Object.fromEntries(
  Object.entries(APP_ERROR_CODES).map(([appCode, { trpc }]) => [trpc, appCode as AppErrorCode]),
);

type ClientError = { appCode: AppErrorCode; message?: string | ((error: TRPCError) => string) };

/**
 * Every tRPC code in the 4xx range: the AppError code it is reported with, and the message a
 * person reads when tRPC's own is written for tRPC's developers (no message: tRPC's is kept).
 * docs/api.md#errors lists them.
 */
const CLIENT_ERRORS: Partial<Record<TRPCError["code"], ClientError>> = {
  PARSE_ERROR: { appCode: "VALIDATION", message: "The request could not be read: it is not valid JSON." },
  BAD_REQUEST: {
    appCode: "VALIDATION",
    message: (error) => (error.cause instanceof SyntaxError ? "The request body is not valid JSON." : error.message),
  },
  UNAUTHORIZED: { appCode: "UNAUTHENTICATED" },
  PAYMENT_REQUIRED: { appCode: "FORBIDDEN" },
  FORBIDDEN: { appCode: "FORBIDDEN" },
  NOT_FOUND: { appCode: "NOT_FOUND" },
  METHOD_NOT_SUPPORTED: {
    appCode: "VALIDATION",
    message: (error) => `${error.message.replace(/\.$/, "")}: queries are read with GET, mutations are sent with POST.`,
  },
  TIMEOUT: { appCode: "UNAVAILABLE", message: "The request took too long to arrive; try again." },
  CONFLICT: { appCode: "CONFLICT" },
  PRECONDITION_FAILED: { appCode: "PRECONDITION_FAILED" },
  PAYLOAD_TOO_LARGE: { appCode: "VALIDATION", message: "The request is too large." },
  UNSUPPORTED_MEDIA_TYPE: {
    appCode: "VALIDATION",
    message: "Send the request's input as JSON, with the header Content-Type: application/json.",
  },
  UNPROCESSABLE_CONTENT: { appCode: "VALIDATION" },
  PRECONDITION_REQUIRED: { appCode: "PRECONDITION_FAILED" },
  TOO_MANY_REQUESTS: { appCode: "LIMIT_EXCEEDED" },
  CLIENT_CLOSED_REQUEST: { appCode: "UNAVAILABLE", message: "The request was cancelled before it was answered." },
};

/** Services throw AppError; callers (HTTP or in process) see the matching tRPC code. */
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: APP_ERROR_CODES[cause.code].trpc, message: cause.message, cause });
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(mapAppErrors);

/**
 * A signed-in person's procedure: `ctx.actor` is who the services act for. Procedures check who
 * is calling; services check what they may do (server/access), so every door answers alike.
 */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  return next({ ctx: { user: ctx.user, actor: actorFor(ctx.user) } });
});
