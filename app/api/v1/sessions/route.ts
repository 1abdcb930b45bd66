// Serves GET and POST /api/v1/sessions: list sessions, open one (optionally with a first prompt).
import { apiHandler, readBody, readQuery } from "@/server/http/api-handler";
import { createSessionBody, listSessionsQuery } from "@/server/http/v1-schemas";
import { createSession } from "@/server/sessions/create-session";
import { listSessions } from "@/server/sessions/list-sessions";

export const GET = apiHandler(async ({ req, actor }) => ({
  body: await listSessions({ ...readQuery(req, listSessionsQuery), actor }),
}));

export const POST = apiHandler(async ({ req, actor }) => {
  const input = await readBody(req, createSessionBody);
  const prompt = input.prompt ? { ...input.prompt, source: "api" as const } : undefined;
  return { status: 201, body: { session: await createSession({ ...input, prompt, actor }) } };
});
