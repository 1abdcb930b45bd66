// The git side of a prompt: commit as the person who asked (the bot is the committer, through
// GIT_COMMITTER_* in the sandbox's environment), then push the session branch to the origin.
import type { BridgeConfig } from "./config";
import type { PromptPayload } from "./protocol";
import { git } from "./run-command";

/** Commits made while the prompt runs are authored by its author. */
export async function setAuthor(config: BridgeConfig, author: PromptPayload["author"]): Promise<void> {
  await git(["config", "user.name", author.name], config.repoDir);
  await git(["config", "user.email", author.email], config.repoDir);
}

/** Commits what the agent left uncommitted, so no work stays behind in the sandbox. */
export async function commitLeftovers(config: BridgeConfig, prompt: PromptPayload): Promise<boolean> {
  const status = await git(["status", "--porcelain"], config.repoDir);
  if (!status) return false;
  await git(["add", "--all"], config.repoDir);
  const subject = prompt.content.split("\n")[0]!.trim().slice(0, 60) || "changes";
  await git(["commit", "--no-verify", "-m", `Nightshift: ${subject}`, "-m", "Changes the agent left uncommitted, committed by Nightshift."], config.repoDir);
  return true;
}

/** Pushes the session branch when it has commits the origin has not seen; returns the pushed commit. */
export async function pushBranch(config: BridgeConfig, lastPushed: string | null): Promise<string | null> {
  const head = await git(["rev-parse", "HEAD"], config.repoDir);
  if (head === lastPushed) return null;
  // Right after the clone, HEAD is the origin branch it came from: nothing new to push.
  const originTips = await git(["for-each-ref", "--format=%(objectname)", "refs/remotes/origin"], config.repoDir);
  if (originTips.split("\n").includes(head)) return null;
  await git(["push", "origin", `HEAD:refs/heads/${config.branch}`], config.repoDir, 120_000);
  return head;
}
