// The agent asked for a pull request (its create-pull-request tool, through the bridge): open or
// update the session branch's pull request on GitHub for the person who prompted, or — for a
// local repository — record the branch as the session's reviewable change. Either way it is the
// session's `pr` artifact, and everyone on the session's page sees it arrive.
import type { PullRequestReply, PullRequestRequest } from "../../sandbox/bridge/protocol";
import { type DbClient, getDb } from "../db";
import { type Env, getEnv } from "../env";
import { appendEvents } from "../events/append-events";
import type { PullRequestData } from "../events/schemas";
import { upsertGithubPullRequest } from "../git/github/pull-requests";
import { publishSessionChanged } from "../realtime/publisher";
import { repositorySettings } from "../repositories/repository-settings";
import type { PullRequestMetadata } from "../sessions/artifact-metadata";
import type { AuthenticatedSandbox } from "./bridge-service";

export async function openPullRequestFor(
  sandbox: AuthenticatedSandbox,
  request: PullRequestRequest,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<PullRequestReply> {
  const session = await db.session.findUniqueOrThrow({
    where: { id: sandbox.sessionId },
    select: {
      id: true,
      repositoryId: true,
      branch: true,
      baseBranch: true,
      createdById: true,
      repository: { select: { provider: true, owner: true, name: true, installationId: true } },
    },
  });
  const message = request.messageId
    ? await db.message.findFirst({
        where: { id: request.messageId, sessionId: session.id },
        select: { authorId: true },
      })
    : null;
  const requesterId = message?.authorId ?? session.createdById;
  const requester = await db.user.findUniqueOrThrow({
    where: { id: requesterId },
    select: {
      name: true,
      email: true,
      accounts: { where: { provider: "github" }, select: { access_token: true }, take: 1 },
    },
  });
  const base = request.base ?? session.baseBranch;
  const sessionUrl = `${env.controlPlaneUrl}/sessions/${session.id}`;
  const existing = await db.artifact.findFirst({ where: { sessionId: session.id, kind: "pr" }, select: { id: true } });
  const settings = await repositorySettings(session.repositoryId, db);

  let reply: PullRequestReply;
  let metadata: PullRequestMetadata;
  if (session.repository.provider === "github") {
    const pr = await upsertGithubPullRequest(env, {
      ...session.repository,
      branch: session.branch,
      base,
      head: request.head,
      title: request.title,
      body: request.body,
      draft: request.draft ?? settings.draftPullRequests,
      label: settings.pullRequestLabel,
      userToken: requester.accounts[0]?.access_token ?? null,
      requester: requester.name ?? requester.email ?? "someone",
      sessionUrl,
    });
    reply = { action: pr.action, number: pr.number, url: pr.url, onGithub: true };
    metadata = {
      number: pr.number,
      title: request.title,
      base,
      head: request.head,
      state: pr.state,
      draft: pr.draft,
      openedAs: pr.openedAs,
    };
  } else {
    reply = { action: existing ? "updated" : "created", number: null, url: `${sessionUrl}#files`, onGithub: false };
    metadata = {
      title: request.title,
      body: request.body,
      base,
      head: request.head,
      branch: session.branch,
      state: "open",
      local: true,
    };
  }

  if (existing) await db.artifact.update({ where: { id: existing.id }, data: { url: reply.url, metadata } });
  else await db.artifact.create({ data: { sessionId: session.id, kind: "pr", url: reply.url, metadata } });
  const event: PullRequestData = {
    action: reply.action,
    number: reply.number,
    url: reply.url,
    title: request.title,
    onGithub: reply.onGithub,
  };
  await appendEvents(
    {
      sessionId: session.id,
      events: [{ type: "pull_request", data: event, messageId: message ? request.messageId : null }],
    },
    db,
  );
  await publishSessionChanged(session.id);
  return reply;
}
