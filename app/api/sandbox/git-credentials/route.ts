import { sandboxHandler } from "@/server/http/sandbox-handler";
import { gitCredentials } from "@/server/sandboxes/git-credentials";

export const POST = sandboxHandler(async (_req, sandbox) => gitCredentials(sandbox));
