// Linear sends the administrator back here with a code (docs/linear.md#installing-the-app).
import { cookies } from "next/headers";
import { loadActor } from "@/server/access/actor";
import { getCurrentUser } from "@/server/auth";
import { AppError } from "@/server/errors";
import { errorResponse } from "@/server/http/api-handler";
import { finishInstall, STATE_COOKIE } from "@/server/integrations/linear/install";

export async function GET(req: Request): Promise<Response> {
  try {
    const user = await getCurrentUser();
    if (!user)
      throw new AppError("UNAUTHENTICATED", "Sign in as an administrator, then install the Linear agent again.");
    const jar = await cookies();
    const query = new URL(req.url).searchParams;
    const { organizationName } = await finishInstall({
      actor: await loadActor(user.id),
      code: query.get("code"),
      state: query.get("state"),
      expectedState: jar.get(STATE_COOKIE)?.value,
      error: query.get("error_description") ?? query.get("error"),
    });
    jar.delete({ name: STATE_COOKIE, path: "/api/linear/callback" });
    // A path, not an address: behind a proxy, the request's own URL may name another host.
    return new Response(null, {
      status: 303,
      headers: { location: `/settings/linear?installed=${encodeURIComponent(organizationName)}` },
    });
  } catch (error) {
    return errorResponse(error, req);
  }
}
