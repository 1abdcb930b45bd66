import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import type { AppErrorCode } from "@/server/errors";
import { AppError } from "@/server/errors";

export type Refusal = {
  code: TRPCError["code"];
  appCode: AppErrorCode | undefined;
  message: string;
  fieldErrors: Record<string, string[]> | undefined;
};

/** Runs a tRPC call that must fail, and describes how it was refused. */
export async function refusal(call: Promise<unknown>): Promise<Refusal> {
  const error = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error, "expected the call to be refused").toBeInstanceOf(TRPCError);
  const trpcError = error as TRPCError;
  const cause = trpcError.cause instanceof AppError ? trpcError.cause : undefined;
  const zodFields = (trpcError.cause as { issues?: Array<{ path: PropertyKey[]; message: string }> } | undefined)
    ?.issues;
  const fieldErrors =
    cause?.fieldErrors ??
    (zodFields ? Object.fromEntries(zodFields.map((issue) => [String(issue.path[0]), [issue.message]])) : undefined);
  return { code: trpcError.code, appCode: cause?.code, message: trpcError.message, fieldErrors };
}
