// The browser's realtime connection: pusher-js, against Pusher's cloud or the embedded server
// alike. The embedded server listens on the machine Nightshift runs on, so the browser reaches it
// at the host it loaded the page from.
import Pusher from "pusher-js";
import type { RealtimeClientConfig } from "@/server/realtime/client-config";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

export function createRealtimeClient(config: RealtimeClientConfig): Pusher {
  const channelAuthorization = { endpoint: config.authEndpoint, transport: "ajax" as const };
  if (!config.host) return new Pusher(config.key, { cluster: config.cluster, forceTLS: true, channelAuthorization });
  const host = LOOPBACK.has(config.host) ? window.location.hostname : config.host;
  return new Pusher(config.key, {
    cluster: config.cluster,
    wsHost: host,
    wsPort: config.port ?? 80,
    wssPort: config.port ?? 443,
    forceTLS: config.useTLS,
    enabledTransports: ["ws", "wss"],
    channelAuthorization,
  });
}
