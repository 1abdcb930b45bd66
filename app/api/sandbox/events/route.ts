import { eventBatchSchema } from "@/sandbox/bridge/protocol";
import { readBody } from "@/server/http/api-handler";
import { sandboxHandler } from "@/server/http/sandbox-handler";
import { storeEventBatch } from "@/server/sandboxes/bridge-service";

export const POST = sandboxHandler(async (req, sandbox) =>
  storeEventBatch(sandbox, await readBody(req, eventBatchSchema)),
);
