// Serves GET /api/v1/automations/{id}/firings: its history, newest first, each firing with its runs and sessions.
import { listFirings } from "@/server/automations/automation-views";
import { apiHandler, readQuery } from "@/server/http/api-handler";
import { automationFiringsQuery } from "@/server/http/v1-schemas";

export const GET = apiHandler<{ id: string }>(async ({ req, actor, params }) => ({
  body: await listFirings({ ...readQuery(req, automationFiringsQuery), automationId: params.id, actor }),
}));
