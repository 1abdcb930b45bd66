// Serves the public health check: 200 when the database answers, 503 when it does not.
import { checkHealth } from "@/server/health/check-health";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const health = await checkHealth();
  return Response.json(health, { status: health.status === "ok" ? 200 : 503 });
}
