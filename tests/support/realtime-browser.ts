// A signed-in person's browser on the realtime server the server code is configured for:
// pusher-js, its channels authorised by the same service /api/realtime/auth calls.
import PusherClient, { type Channel } from "pusher-js";
import { authorizeChannel, channelAuthInput } from "@/server/realtime/authorize-channel";
import { realtimeClientConfig } from "@/server/realtime/client-config";
import type { CurrentUser } from "@/server/users/get-user";

/** Connected; the caller disconnects it. */
export async function connectBrowser(user: CurrentUser): Promise<PusherClient> {
  const config = realtimeClientConfig()!;
  const client = new PusherClient(config.key, {
    cluster: config.cluster,
    wsHost: config.host!,
    wsPort: config.port!,
    forceTLS: false,
    enabledTransports: ["ws"],
    channelAuthorization: {
      endpoint: config.authEndpoint,
      transport: "ajax",
      customHandler: (params, callback) => {
        authorizeChannel(
          user,
          channelAuthInput.parse({ socket_id: params.socketId, channel_name: params.channelName }),
        ).then(
          (authorization) => callback(null, authorization),
          (error: Error) => callback(error, null),
        );
      },
    },
  });
  await new Promise<void>((resolve) => client.connection.bind("connected", () => resolve()));
  return client;
}

/** Subscribes, and waits until the server has accepted (or refused) the subscription. */
export async function subscribe(client: PusherClient, name: string): Promise<Channel> {
  const channel = client.subscribe(name);
  await new Promise<void>((resolve, reject) => {
    channel.bind("pusher:subscription_succeeded", () => resolve());
    channel.bind("pusher:subscription_error", (error: unknown) => reject(new Error(JSON.stringify(error))));
  });
  return channel;
}
