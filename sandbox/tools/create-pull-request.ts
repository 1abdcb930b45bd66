// The agent's `create-pull-request` tool, as OpenCode loads it from its tools folder. The bridge
// writes it there (bundled with zod, so it needs no packages) and serves it on loopback: the
// tool hands the request to the bridge, which pushes the session branch and asks the control
// plane to open — or update — the branch's pull request for the person who prompted.
import { z } from "zod";

const TOOLS_URL = "NIGHTSHIFT_TOOLS_URL";
const TOOLS_KEY = "NIGHTSHIFT_TOOLS_KEY";

const createPullRequest = {
  description: [
    "Open a pull request for the work on this session's branch, or update the one already open for it.",
    "Commit your changes first: the branch is pushed as it is. The pull request belongs to the person who asked.",
    "Returns the pull request's address.",
  ].join(" "),
  args: {
    title: z.string().min(1).max(256).describe("The pull request's title: what the change does, in the imperative."),
    body: z.string().max(60_000).default("").describe("What changed and why, and how it was checked (Markdown)."),
    base: z.string().optional().describe("The branch to merge into. Default: the session's base branch."),
    draft: z.boolean().optional().describe("Open it as a draft. Default: the repository's setting."),
  },
  async execute(args: { title: string; body?: string; base?: string; draft?: boolean }): Promise<string> {
    const url = process.env[TOOLS_URL];
    const key = process.env[TOOLS_KEY];
    if (!url || !key) return "create-pull-request is only available inside a Nightshift sandbox.";
    const response = await fetch(`${url}/pull-request`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(args),
    });
    const reply = (await response.json().catch(() => ({}))) as { message?: string; error?: string };
    if (!response.ok) return `Could not create the pull request: ${reply.error ?? `HTTP ${response.status}`}`;
    return reply.message ?? "Done.";
  },
};

export default createPullRequest;
