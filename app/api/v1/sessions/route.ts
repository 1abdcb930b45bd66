// Serves GET and POST /api/v1/sessions: list sessions, open one (optionally with a first prompt).
// A workflow token may too, on its own repository; its prompt is marked as the workflow's.
import { apiHandler, readBody, readQuery } from "@/server/http/api-handler";
import { createSessionBody, listSessionsQuery } from "@/server/http/v1-schemas";
import { createSession } from "@/server/sessions/create-session";
import { listSessions } from "@/server/sessions/list-sessions";
import { apiPrompt } from "@/server/sessions/workflow-prompt";

export const GET = apiHandler(
  async ({ req, actor }) => ({ body: await listSessions({ ...readQuery(req, listSessionsQuery), actor }) }),
  { workflowTokens: true },
);

export const POST = apiHandler(
  async ({ req, actor, workflowRun }) => {
    const { workflowRun: reported, ...input } = await readBody(req, createSessionBody);
    const prompt = input.prompt
      ? { ...input.prompt, ...apiPrompt(input.prompt.content, { workflowRun, reported }) }
      : undefined;
    return { status: 201, body: { session: await createSession({ ...input, prompt, actor }) } };
  },
  { workflowTokens: true },
);
