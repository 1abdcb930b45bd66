import { commandsQuerySchema } from "@/sandbox/bridge/protocol";
import { readQuery } from "@/server/http/api-handler";
import { sandboxHandler } from "@/server/http/sandbox-handler";
import { fetchCommands } from "@/server/sandboxes/bridge-service";

export const dynamic = "force-dynamic";

export const GET = sandboxHandler(async (req, sandbox) => {
  const query = readQuery(req, commandsQuerySchema);
  return { commands: await fetchCommands(sandbox, { ...query, signal: req.signal }) };
});
