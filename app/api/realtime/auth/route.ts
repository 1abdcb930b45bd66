// Serves POST /api/realtime/auth: pusher-js asks here before subscribing to a private or presence
// channel (form-encoded socket_id and channel_name); the answer signs the subscription.
import { getCurrentUser } from "@/server/auth";
import { AppError } from "@/server/errors";
import { errorResponse } from "@/server/http/api-handler";
import { authorizeChannel, channelAuthInput } from "@/server/realtime/authorize-channel";

export async function POST(req: Request): Promise<Response> {
  try {
    const user = await getCurrentUser();
    if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to follow sessions live.");
    const form = new URLSearchParams(await req.text());
    const parsed = channelAuthInput.safeParse(Object.fromEntries(form));
    if (!parsed.success) throw AppError.fromZod(parsed.error);
    return Response.json(await authorizeChannel(user, parsed.data));
  } catch (error) {
    return errorResponse(error, req);
  }
}
