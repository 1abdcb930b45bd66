import type { ErrorData } from "@/server/api/trpc";

type MaybeTrpcError = { message?: string; data?: Partial<ErrorData> | null } | null | undefined;

/** The first message for one field of a failed mutation, for the form to show beside it. */
export function fieldError(error: unknown, field: string): string | undefined {
  return (error as MaybeTrpcError)?.data?.fieldErrors?.[field]?.[0];
}

/** A message for people, whatever failed. */
export function errorMessage(error: unknown): string {
  return (error as MaybeTrpcError)?.message ?? "Something went wrong. Please try again.";
}
