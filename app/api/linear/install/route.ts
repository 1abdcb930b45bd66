// An administrator installs the Linear agent: to Linear's consent page (docs/linear.md#installing-the-app).
import { cookies } from "next/headers";
import { loadActor } from "@/server/access/actor";
import { getCurrentUser } from "@/server/auth";
import { errorResponse } from "@/server/http/api-handler";
import { STATE_COOKIE, startInstall } from "@/server/integrations/linear/install";

export async function GET(req: Request): Promise<Response> {
  try {
    const user = await getCurrentUser();
    if (!user)
      return new Response(null, {
        status: 303,
        headers: { location: `/sign-in?next=${encodeURIComponent("/settings/linear")}` },
      });
    const { url, state } = startInstall(await loadActor(user.id));
    (await cookies()).set(STATE_COOKIE, state, {
      httpOnly: true,
      sameSite: "lax",
      secure: new URL(req.url).protocol === "https:",
      path: "/api/linear/callback",
      maxAge: 15 * 60,
    });
    return Response.redirect(url);
  } catch (error) {
    return errorResponse(error, req);
  }
}
