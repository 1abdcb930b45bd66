// What the agent's create-pull-request tool asks of the bridge: push the session branch as it
// is, then have the control plane open or update its pull request (docs/github.md#pull-requests).
import type { BridgeConfig } from "./config";
import type { ControlPlane } from "./control-plane";
import { addCoAuthors } from "./git-work";
import { BRIDGE_PATHS, type PromptPayload, pullRequestReplySchema, type PullRequestRequest } from "./protocol";
import { git } from "./run-command";
import type { PullRequestToolInput } from "./tools";

/** The prompt the bridge is running, and the commit its work started from. */
export type RunningPrompt = { prompt: PromptPayload; stopReason?: string; startCommit: string | null };

export type PullRequestDeps = {
  config: BridgeConfig;
  controlPlane: ControlPlane;
  /** The prompt being run, whose author the pull request belongs to. */
  current: () => RunningPrompt | null;
  /** Pushes the session branch now; throws when it cannot. */
  push: (messageId?: string) => Promise<void>;
};

export async function openPullRequest(deps: PullRequestDeps, input: PullRequestToolInput): Promise<string> {
  const status = await git(["status", "--porcelain"], deps.config.repoDir);
  const current = deps.current();
  // Pushed now, the prompt's commits credit its co-authors now (the end of the prompt only touches unpushed ones).
  if (current?.startCommit) await addCoAuthors(deps.config, current.prompt, current.startCommit);
  await deps.push(current?.prompt.messageId);
  const head = await git(["rev-parse", "HEAD"], deps.config.repoDir);
  const request: PullRequestRequest = { ...input, messageId: current?.prompt.messageId ?? null, head };
  const reply = await deps.controlPlane.request(
    "POST",
    BRIDGE_PATHS.pullRequests,
    request,
    pullRequestReplySchema,
    60_000,
  );
  const what = reply.onGithub
    ? `${reply.action === "created" ? "Opened" : "Updated"} pull request #${reply.number}: ${reply.url}`
    : `${reply.action === "created" ? "Recorded" : "Updated"} the branch ${deps.config.branch} for review in Nightshift (this repository is local, so there is no pull request on a code host): ${reply.url}`;
  return status ? `${what}\nNote: uncommitted changes were not included; commit them and call this tool again.` : what;
}
