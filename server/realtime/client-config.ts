// What the browser needs to connect to the realtime server: never the secret.
import { type Env, getEnv } from "../env";

export type RealtimeClientConfig = {
  key: string;
  cluster: string;
  /** A Pusher-protocol server's own host and port (the embedded one), or null for Pusher's cloud. */
  host: string | null;
  port: number | null;
  useTLS: boolean;
  authEndpoint: string;
};

export function realtimeClientConfig(env: Env = getEnv()): RealtimeClientConfig | null {
  const realtime = env.realtime;
  if (realtime.kind === "none") return null;
  return {
    key: realtime.key,
    // pusher-js 8 wants a cluster even when it connects to a host of its own.
    cluster: realtime.cluster ?? "local",
    host: realtime.host ?? null,
    port: realtime.port ?? null,
    useTLS: realtime.useTLS,
    authEndpoint: "/api/realtime/auth",
  };
}
