import { getDb } from "../db";

export type Health = { status: "ok" | "degraded"; database: "ok" | "unreachable" };

/** Public: whether the app can reach its database. Says nothing else about the deployment. */
export async function checkHealth(): Promise<Health> {
  try {
    await getDb().$queryRaw`SELECT 1`;
    return { status: "ok", database: "ok" };
  } catch {
    return { status: "degraded", database: "unreachable" };
  }
}
