import { type ZodError, z } from "zod";

// The one error type services throw. Each code is documented in docs/api.md; the tRPC error
// formatter (server/api/trpc.ts) and route handlers map it to a status and a message for people.
export const APP_ERROR_CODES = {
  /** No signed-in user, or an invalid API token. */
  UNAUTHENTICATED: { status: 401, trpc: "UNAUTHORIZED" },
  /** Signed in, but not allowed to do this. */
  FORBIDDEN: { status: 403, trpc: "FORBIDDEN" },
  /** The thing asked for does not exist (or is not visible to the caller). */
  NOT_FOUND: { status: 404, trpc: "NOT_FOUND" },
  /** The input is wrong; `fieldErrors` says which field and why. */
  VALIDATION: { status: 400, trpc: "BAD_REQUEST" },
  /** The request conflicts with what exists: a duplicate, or a retry with a different payload. */
  CONFLICT: { status: 409, trpc: "CONFLICT" },
  /** The request's body is larger than the endpoint takes. */
  TOO_LARGE: { status: 413, trpc: "PAYLOAD_TOO_LARGE" },
  /** The request's body is not of a type the endpoint takes (e.g. not JSON). */
  UNSUPPORTED_MEDIA_TYPE: { status: 415, trpc: "UNSUPPORTED_MEDIA_TYPE" },
  /** A limit is reached (a full queue, too many requests). */
  LIMIT_EXCEEDED: { status: 429, trpc: "TOO_MANY_REQUESTS" },
  /** A budget for model calls is spent (docs/security.md#budgets); raising the limit lets calls go on. */
  BUDGET_REACHED: { status: 402, trpc: "PAYMENT_REQUIRED" },
  /** The thing exists but is in a state that does not allow this (an archived session). */
  PRECONDITION_FAILED: { status: 412, trpc: "PRECONDITION_FAILED" },
  /** Something Nightshift depends on is unavailable; trying again later may work. */
  UNAVAILABLE: { status: 503, trpc: "SERVICE_UNAVAILABLE" },
  /** A bug or an unexpected failure; details are logged, never shown. */
  INTERNAL: { status: 500, trpc: "INTERNAL_SERVER_ERROR" },
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_CODES;
export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  override name = "AppError";
  readonly code: AppErrorCode;
  readonly fieldErrors: FieldErrors | undefined;

  constructor(code: AppErrorCode, message: string, options?: { fieldErrors?: FieldErrors; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.code = code;
    this.fieldErrors = options?.fieldErrors;
  }

  get status(): number {
    return APP_ERROR_CODES[this.code].status;
  }

  /** Input that failed its schema: VALIDATION, naming the first problem, with every field's. */
  static fromZod(error: ZodError): AppError {
    const first = error.issues[0];
    const message = first ? `${first.path.join(".") || "input"}: ${first.message}` : "The input is not valid.";
    return new AppError("VALIDATION", message, {
      fieldErrors: z.flattenError(error).fieldErrors as FieldErrors,
      cause: error,
    });
  }

  /** A validation error about one field, for forms to show beside it. */
  static field(field: string, message: string, code: AppErrorCode = "VALIDATION"): AppError {
    return new AppError(code, message, { fieldErrors: { [field]: [message] } });
  }
}

/** Postgres's refusals of a character no text or JSON column can hold (U+0000). */
const UNSTORABLE_CHARACTER_CODES = new Set(["22021", "22P05"]);

/**
 * The database's refusal of a value that holds a NUL character (U+0000), which Postgres cannot
 * store: bad input, whichever door it came through, so VALIDATION rather than our failure.
 * Undefined for any other error.
 */
export function unstorableInputError(error: unknown): AppError | undefined {
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null)?.meta;
  const code = meta?.driverAdapterError?.cause?.originalCode;
  if (typeof code !== "string" || !UNSTORABLE_CHARACTER_CODES.has(code)) return undefined;
  return new AppError("VALIDATION", "The request holds a NUL character (U+0000), which cannot be stored.", {
    cause: error,
  });
}

export const GENERIC_ERROR_MESSAGE = "Something went wrong on our side. It has been logged; please try again.";

/**
 * What to tell a person a bot works for when their request cannot go on: the refusal's own words
 * for an AppError that is about the request (no model configured, a budget spent, a branch that is
 * gone); undefined for a failure of ours or one worth retrying (UNAVAILABLE, INTERNAL), which is
 * thrown on so that the job retries.
 */
export function refusalOf(error: unknown): string | undefined {
  if (!(error instanceof AppError) || error.code === "UNAVAILABLE" || error.code === "INTERNAL") return undefined;
  return error.message;
}
