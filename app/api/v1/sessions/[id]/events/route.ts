// Serves GET /api/v1/sessions/{id}/events?after=<seq>&limit=<n>&wait=<s>: the timeline, oldest
// first; with `wait`, a request finding nothing after `after` holds until an event arrives (long
// polling), so a client following a session asks once every few seconds at most.
import { listEvents } from "@/server/events/list-events";
import { waitForEvents } from "@/server/events/wait-for-events";
import { apiHandler, readQuery } from "@/server/http/api-handler";
import { eventsQuery } from "@/server/http/v1-schemas";

export const GET = apiHandler<{ id: string }>(
  async ({ req, actor, params }) => {
    const { after, limit, wait } = readQuery(req, eventsQuery);
    const page = await listEvents({ sessionId: params.id, afterSeq: after, limit, actor });
    if (page.events.length > 0 || wait === 0) return { body: page };
    await waitForEvents({ sessionId: params.id, afterSeq: after, waitMs: wait * 1000, signal: req.signal });
    return { body: await listEvents({ sessionId: params.id, afterSeq: after, limit, actor }) };
  },
  { workflowTokens: true },
);
