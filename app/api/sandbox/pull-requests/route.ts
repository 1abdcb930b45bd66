import { pullRequestRequestSchema } from "@/sandbox/bridge/protocol";
import { readBody } from "@/server/http/api-handler";
import { sandboxHandler } from "@/server/http/sandbox-handler";
import { openPullRequestFor } from "@/server/sandboxes/pull-requests";

export const POST = sandboxHandler(async (req, sandbox) =>
  openPullRequestFor(sandbox, await readBody(req, pullRequestRequestSchema)),
);
