// The agent asked for a pull request (its create-pull-request tool, through the bridge): the
// session's code host opens or updates it for the person who prompted — on GitHub a real pull
// request, for a local repository the pushed branch as the session's reviewable change. Either
// way it is the session's `pr` artifact, and everyone on the session's page sees it arrive.
import type { PullRequestReply, PullRequestRequest } from "../../sandbox/bridge/protocol";
import { type DbClient, getDb } from "../db";
import { type Env, getEnv } from "../env";
import { appendEvents } from "../events/append-events";
import type { PullRequestData } from "../events/schemas";
import { codeHostFor, hostedRepositorySelect } from "../git/code-host";
import { publishSessionChanged } from "../realtime/publisher";
import { repositorySettings } from "../repositories/repository-settings";
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
      branch: true,
      baseBranch: true,
      createdById: true,
      repository: { select: hostedRepositorySelect },
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
    select: { name: true, email: true },
  });
  const base = request.base ?? session.baseBranch;
  const existing = await db.artifact.findFirst({ where: { sessionId: session.id, kind: "pr" }, select: { id: true } });
  const settings = await repositorySettings(session.repository.id, db);

  const { reply, metadata } = await codeHostFor(session.repository).openPullRequest({
    repository: session.repository,
    branch: session.branch,
    base,
    head: request.head,
    title: request.title,
    body: request.body,
    draft: request.draft ?? settings.draftPullRequests,
    label: settings.pullRequestLabel,
    requester: { userId: requesterId, name: requester.name ?? requester.email ?? "someone" },
    sessionUrl: `${env.controlPlaneUrl}/sessions/${session.id}`,
    isUpdate: existing !== null,
  });

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
