// The channel authorisation behind /api/realtime/auth: a signed-in person may subscribe to a
// session's channels only if they may see the session; on the presence channel they appear with
// their name and avatar. The signature is what Pusher (or the embedded server) checks.
import { z } from "zod";
import { AppError } from "../errors";
import { actorFor } from "../access/actor";
import { authorizeSession } from "../access/authorize-session";
import type { CurrentUser } from "../users/get-user";
import { SESSIONS_CHANNEL, sessionOfChannel } from "./channels";
import { getPusher } from "./publisher";

export const channelAuthInput = z.object({
  socket_id: z.string().regex(/^\d+\.\d+$/, "socket_id is not a Pusher socket id."),
  channel_name: z.string().min(1).max(200),
});
export type ChannelAuthInput = z.infer<typeof channelAuthInput>;

export type ChannelAuthorization = { auth: string; channel_data?: string };

export async function authorizeChannel(user: CurrentUser, input: ChannelAuthInput): Promise<ChannelAuthorization> {
  const pusher = getPusher();
  if (!pusher) throw new AppError("UNAVAILABLE", "Realtime is not configured on this server.");
  // The sessions list's channel says only which session changed: every signed-in person may listen.
  if (input.channel_name === SESSIONS_CHANNEL) return pusher.authorizeChannel(input.socket_id, input.channel_name);
  const target = sessionOfChannel(input.channel_name);
  if (!target) throw new AppError("FORBIDDEN", `${input.channel_name} is not a channel you can subscribe to.`);
  await authorizeSession({ sessionId: target.sessionId, actor: actorFor(user), need: "read" });
  if (target.kind === "events") return pusher.authorizeChannel(input.socket_id, input.channel_name);
  return pusher.authorizeChannel(input.socket_id, input.channel_name, {
    user_id: user.id,
    user_info: { name: user.name ?? user.email ?? "Someone", image: user.image ?? null },
  });
}
