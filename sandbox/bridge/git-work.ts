// The git side of a prompt: commit as the person who asked (the bot is the committer, through
// GIT_COMMITTER_* in the sandbox's environment), then push the session branch to the origin.
import { writeFileSync } from "node:fs";
import path from "node:path";
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
  await git(
    [
      "commit",
      "--no-verify",
      "-m",
      `Nightshift: ${subject}`,
      "-m",
      "Changes the agent left uncommitted, committed by Nightshift.",
    ],
    config.repoDir,
  );
  return true;
}

/**
 * When others prompted in this session before, the commits made for this prompt name them:
 * each commit since `since` that is not pushed yet gets `Co-authored-by:` trailers (once). The
 * commits are rebuilt with the same trees, authors, committers and dates; only their messages
 * gain the trailers. A prompt whose commits include a merge is left as it is.
 */
export async function addCoAuthors(config: BridgeConfig, prompt: PromptPayload, since: string): Promise<number> {
  if (prompt.coAuthors.length === 0) return 0;
  const lines = (
    await git(["rev-list", "--reverse", "--parents", "HEAD", "--not", since, "--remotes=origin"], config.repoDir)
  )
    .split("\n")
    .filter(Boolean);
  const commits = lines.map((line) => line.split(" "));
  if (commits.length === 0 || commits.some((commit) => commit.length !== 2)) return 0;
  const trailers = prompt.coAuthors.flatMap((person) => [
    "--trailer",
    `Co-authored-by: ${person.name} <${person.email}>`,
  ]);
  const messageFile = path.join(config.stateDir, "commit-message.txt");
  const oldHead = commits.at(-1)![0]!;
  let parent = commits[0]![1]!;
  for (const [sha] of commits) {
    // The message must end with a newline for git to set the trailers apart from it.
    writeFileSync(messageFile, `${await git(["log", "-1", "--format=%B", sha!], config.repoDir)}\n`);
    const message = await git(
      ["interpret-trailers", "--if-exists", "addIfDifferent", ...trailers, messageFile],
      config.repoDir,
    );
    writeFileSync(messageFile, `${message}\n`);
    const [authorName, authorEmail, authorDate, committerName, committerEmail, committerDate] = (
      await git(["log", "-1", "--format=%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI", sha!], config.repoDir)
    ).split("\0");
    parent = await git(["commit-tree", `${sha}^{tree}`, "-p", parent, "-F", messageFile], config.repoDir, 60_000, {
      GIT_AUTHOR_NAME: authorName!,
      GIT_AUTHOR_EMAIL: authorEmail!,
      GIT_AUTHOR_DATE: authorDate!,
      GIT_COMMITTER_NAME: committerName!,
      GIT_COMMITTER_EMAIL: committerEmail!,
      GIT_COMMITTER_DATE: committerDate!,
    });
  }
  await git(["update-ref", "-m", "nightshift: Co-authored-by", "HEAD", parent, oldHead], config.repoDir);
  return commits.length;
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
