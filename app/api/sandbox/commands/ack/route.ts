import { ackSchema } from "@/sandbox/bridge/protocol";
import { readBody } from "@/server/http/api-handler";
import { sandboxHandler } from "@/server/http/sandbox-handler";
import { acknowledgeCommands } from "@/server/sandboxes/bridge-service";

export const POST = sandboxHandler(async (req, sandbox) => {
  const { seq } = await readBody(req, ackSchema);
  await acknowledgeCommands(sandbox, seq);
  return { ok: true };
});
