// Serves the tRPC API used by the web UI.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createRequestContext } from "@/server/api/context";
import { appRouter } from "@/server/api/root";
import { isServerFailure } from "@/server/api/trpc";
import { logger } from "@/server/logger";

function handler(req: Request): Promise<Response> {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: createRequestContext,
    // Only our own failures are logged as errors: a malformed request is the caller's, and its
    // answer (a 4xx) says what was wrong.
    onError: ({ error, path }) => {
      if (isServerFailure(error)) logger.error("tRPC procedure failed", { path, error: error.cause ?? error });
    },
  });
}

export { handler as GET, handler as POST };
