// Which repository a new request in Slack is about, in order: one named in the message as
// owner/name; an administrator's keyword rule; the channel's default; the only repository the
// person may write to; a model's confident guess among those they may write to. Anything less
// certain asks them in the thread, the model's likeliest first. docs/slack.md#which-repository.
import { type Actor } from "../../access/actor";
import { writableRepositories } from "../../access/writable-repositories";
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import { hostedRepositorySelect } from "../../git/code-host";
import { guessAmong, mentions, type RepositoryChoice } from "../../repositories/choose-among";

export type { RepositoryChoice };

export async function chooseRepository(
  request: { text: string; channel: string; actor: Actor },
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<RepositoryChoice> {
  const repositories = await db.repository.findMany({ select: hostedRepositorySelect, orderBy: { createdAt: "asc" } });
  if (repositories.length === 0) return { kind: "none", why: "Nightshift has no repositories yet." };

  const named = repositories.filter((repository) => mentions(request.text, `${repository.owner}/${repository.name}`));
  if (named.length === 1) return { kind: "chosen", repository: named[0]!, why: "named in the message" };
  if (named.length > 1) return { kind: "unsure", candidates: named, why: "the message names more than one" };

  const rules = await db.slackRoutingRule.findMany({ select: { keyword: true, repositoryId: true } });
  const ruled = repositories.filter((repository) =>
    rules.some((rule) => rule.repositoryId === repository.id && mentions(request.text, rule.keyword)),
  );
  if (ruled.length === 1)
    return { kind: "chosen", repository: ruled[0]!, why: "the message names one of its keywords" };
  if (ruled.length > 1) return { kind: "unsure", candidates: ruled, why: "its keywords point at more than one" };

  const channelDefault = await db.slackChannelDefault.findUnique({
    where: { channel: request.channel },
    select: { repositoryId: true },
  });
  const fromChannel = repositories.find((repository) => repository.id === channelDefault?.repositoryId);
  if (fromChannel) return { kind: "chosen", repository: fromChannel, why: "this channel's repository" };

  const writable = await writableRepositories(request.actor, db, repositories);
  if (writable.length === 1)
    return { kind: "chosen", repository: writable[0]!, why: "the only repository you can write to" };
  if (writable.length === 0) return { kind: "none", why: "You cannot write to any of Nightshift's repositories." };
  return guessAmong({ text: request.text, source: "Slack message", actor: request.actor }, writable, db, env);
}
