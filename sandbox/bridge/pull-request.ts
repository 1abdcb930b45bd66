// What the agent's create-pull-request tool asks of the bridge: push the session branch as it
// is, then have the control plane open or update its pull request (docs/github.md#pull-requests).
import type { BridgeConfig } from "./config";
import type { ControlPlane } from "./control-plane";
import { BRIDGE_PATHS, type PullRequestReply, type PullRequestRequest } from "./protocol";
import { git } from "./run-command";
import type { PullRequestToolInput } from "./tools";

export type PullRequestDeps = {
  config: BridgeConfig;
  controlPlane: ControlPlane;
  /** Pushes the session branch now; throws when it cannot. */
  push: () => Promise<void>;
  /** The prompt being run, whose author the pull request belongs to. */
  messageId: () => string | null;
};

export async function openPullRequest(deps: PullRequestDeps, input: PullRequestToolInput): Promise<string> {
  const status = await git(["status", "--porcelain"], deps.config.repoDir);
  await deps.push();
  const head = await git(["rev-parse", "HEAD"], deps.config.repoDir);
  const request: PullRequestRequest = { ...input, messageId: deps.messageId(), head };
  const reply = await deps.controlPlane.request<PullRequestReply>("POST", BRIDGE_PATHS.pullRequests, request, 60_000);
  const what = reply.onGithub
    ? `${reply.action === "created" ? "Opened" : "Updated"} pull request #${reply.number}: ${reply.url}`
    : `${reply.action === "created" ? "Recorded" : "Updated"} the branch ${deps.config.branch} for review in Nightshift (this repository is local, so there is no pull request on a code host): ${reply.url}`;
  return status ? `${what}\nNote: uncommitted changes were not included; commit them and call this tool again.` : what;
}
