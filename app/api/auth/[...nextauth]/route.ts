// Serves next-auth: sign-in, callbacks, sign-out and the session endpoint.
import { handlers } from "@/server/auth";

export const { GET, POST } = handlers;
