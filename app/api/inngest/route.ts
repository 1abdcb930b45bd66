// Serves Inngest's calls that sync and run Nightshift's durable jobs (when Inngest is the jobs adapter).
import { handleInngestRequest } from "@/server/jobs/inngest/serve";

export const dynamic = "force-dynamic";

export { handleInngestRequest as GET, handleInngestRequest as POST, handleInngestRequest as PUT };
