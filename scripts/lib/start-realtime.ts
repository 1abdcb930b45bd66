// The embedded realtime server, when no Pusher app is configured: started by the launcher with
// credentials made for this run, which it hands to Next.js as PUSHER_* variables — so the
// server code and the browser code are the same as with Pusher's cloud.
import { randomBytes } from "node:crypto";
import type { Env } from "../../server/env";
import { embeddedPusherEnv, startPusherServer, type PusherServer } from "../../server/realtime/local/pusher-server";

export type PreparedRealtime = { description: string; env: Record<string, string>; stop: () => Promise<void> };

export async function prepareRealtime(env: Env): Promise<PreparedRealtime> {
  if (env.realtime.kind === "pusher") {
    const where = env.realtime.host
      ? `${env.realtime.host}:${env.realtime.port ?? (env.realtime.useTLS ? 443 : 80)}`
      : `cluster ${env.realtime.cluster}`;
    return {
      description: `realtime: Pusher Channels, app ${env.realtime.appId} (${where})`,
      env: {},
      stop: async () => {},
    };
  }
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
    description: `realtime: embedded Pusher-protocol server on ${server.wsUrl} (set PUSHER_APP_ID, PUSHER_KEY and PUSHER_SECRET for Pusher Channels)`,
    env: embeddedPusherEnv(credentials, server.port),
    stop: () => server.stop(),
  };
}
