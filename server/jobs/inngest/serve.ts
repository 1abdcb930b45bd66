// The handler behind /api/inngest. Built on first request, not at import, so `next build`
// needs no environment; answers 404 when Inngest is not the jobs adapter.
import "server-only";
import type { NextRequest } from "next/server";
import { serve } from "inngest/next";
import { getEnv } from "@/server/env";
import { allJobs } from "../registry";
import { createInngestClient } from "./client";
import { createInngestFunctions } from "./functions";

let handler: ReturnType<typeof serve> | undefined;

export function handleInngestRequest(req: NextRequest, context: unknown): Promise<Response> {
  const adapter = getEnv().jobs;
  if (adapter.kind !== "inngest") {
    return Promise.resolve(Response.json({ error: "Inngest does not run this server's jobs" }, { status: 404 }));
  }
  if (!handler) {
    const client = createInngestClient({ eventKey: adapter.eventKey, signingKey: adapter.signingKey });
    handler = serve({ client, functions: createInngestFunctions(client, allJobs) });
  }
  return handler(req, context);
}
