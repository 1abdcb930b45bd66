// Serves GET /api/v1/sessions/{id}/events?after=<seq>&limit=<n>: the timeline, oldest first.
import { listEvents } from "@/server/events/list-events";
import { apiHandler, readQuery } from "@/server/http/api-handler";
import { eventsQuery } from "@/server/http/v1-schemas";

export const GET = apiHandler<{ id: string }>(async ({ req, actor, params }) => {
  const { after, limit } = readQuery(req, eventsQuery);
  return { body: await listEvents({ sessionId: params.id, afterSeq: after, limit, actor }) };
});
