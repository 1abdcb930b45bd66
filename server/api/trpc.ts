// tRPC's base: the context, the error formatter, and the base procedures. Procedures are
// defined here and nowhere else. Permissions are not: services check them (server/access).
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { APP_ERROR_CODES, AppError, type AppErrorCode, type FieldErrors, GENERIC_ERROR_MESSAGE } from "../errors";
import { actorFor } from "../access/actor";
import type { CurrentUser } from "../users/get-user";

export type Context = { user: CurrentUser | null };

/** What every error carries in `error.data`, besides tRPC's own `code` and `httpStatus`. */
export type ErrorData = { appCode: AppErrorCode; fieldErrors: FieldErrors | null };

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter: ({ shape, error }) => {
    const { appCode, message, fieldErrors } = describe(error);
    const { stack: _stack, ...data } = shape.data;
    return {
      ...shape,
      message,
      data: { ...data, httpStatus: APP_ERROR_CODES[appCode].status, appCode, fieldErrors } satisfies ErrorData &
        typeof data,
    };
  },
});

function describe(error: TRPCError): { appCode: AppErrorCode; message: string; fieldErrors: FieldErrors | null } {
  const cause = error.cause;
  if (cause instanceof AppError)
    return { appCode: cause.code, message: cause.message, fieldErrors: cause.fieldErrors ?? null };
  if (cause instanceof ZodError) {
    const validation = AppError.fromZod(cause);
    return { appCode: "VALIDATION", message: validation.message, fieldErrors: validation.fieldErrors ?? null };
  }
  const appCode = APP_CODE_BY_TRPC_CODE[error.code] ?? "INTERNAL";
  // Unknown failures are logged by the route handler; people see a generic message.
  return { appCode, message: appCode === "INTERNAL" ? GENERIC_ERROR_MESSAGE : error.message, fieldErrors: null };
}

const APP_CODE_BY_TRPC_CODE: Partial<Record<TRPCError["code"], AppErrorCode>> = {
  ...Object.fromEntries(Object.entries(APP_ERROR_CODES).map(([appCode, { trpc }]) => [trpc, appCode as AppErrorCode])),
  // tRPC's own refusals of malformed requests.
  PARSE_ERROR: "VALIDATION",
  METHOD_NOT_SUPPORTED: "VALIDATION",
  PAYLOAD_TOO_LARGE: "VALIDATION",
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
