// Serves next-auth: sign-in, OAuth callbacks, sign-out and the session endpoint.
import type { NextRequest } from "next/server";
import { handlers } from "@/server/auth";
import { withBrowserOrigin } from "@/server/auth/request-origin";

// next-auth's route handlers use only the standard Request API, so a plain Request will do.
export function GET(req: NextRequest): Promise<Response> {
  return handlers.GET(withBrowserOrigin(req) as NextRequest);
}

export function POST(req: NextRequest): Promise<Response> {
  return handlers.POST(withBrowserOrigin(req) as NextRequest);
}
