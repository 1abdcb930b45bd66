// The embedded realtime server, when no Pusher app is configured: started by the launcher with
// credentials made for this run, which it hands to Next.js as PUSHER_* variables — so the
// server code and the browser code are the same as with Pusher's cloud.
import { randomBytes } from "node:crypto";
import type { Env } from "../../server/env";
import { embeddedPusherEnv, startPusherServer, type PusherServer } from "../../server/realtime/local/pusher-server";

/** `env`: the PUSHER_* variables for Next.js when the server is embedded (empty otherwise). */
export type PreparedRealtime = { isEmbedded: boolean; env: Record<string, string>; stop: () => Promise<void> };

export async function prepareRealtime(env: Env): Promise<PreparedRealtime> {
  if (env.realtime.kind === "pusher") return { isEmbedded: false, env: {}, stop: async () => {} };
  const credentials = {
    appId: "nightshift",
    key: randomBytes(10).toString("hex"),
    secret: randomBytes(32).toString("hex"),
  };
  const server: PusherServer = await startPusherServer({
    ...credentials,
    port: env.NIGHTSHIFT_REALTIME_PORT,
    host: env.NIGHTSHIFT_REALTIME_HOST,
  });
  return {
    isEmbedded: true,
    env: embeddedPusherEnv(credentials, server.port),
    stop: () => server.stop(),
  };
}
