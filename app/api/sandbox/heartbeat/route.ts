import { sandboxHandler } from "@/server/http/sandbox-handler";
import { recordHeartbeat } from "@/server/sandboxes/bridge-service";

export const POST = sandboxHandler(async (_req, sandbox) => {
  await recordHeartbeat(sandbox);
  return { ok: true };
});
