// Which repository a new request in Slack is about, in order: one named in the message as
// owner/name; an administrator's keyword rule; the channel's default; the only repository the
// person may write to; a model's confident guess among those they may write to. Anything less
// certain asks them in the thread, the model's likeliest first. docs/slack.md#which-repository.
import { type Actor } from "../../access/actor";
import { writableRepositories } from "../../access/writable-repositories";
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import { type HostedRepository, hostedRepositorySelect } from "../../git/code-host";
import { classifyRepository, type RepositoryGuess } from "../../repositories/classify-repository";

export type RepositoryChoice =
  | { kind: "chosen"; repository: HostedRepository; why: string }
  | { kind: "unsure"; candidates: HostedRepository[]; why: string }
  | { kind: "none"; why: string };

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
  return guessed(request, writable, db, env);
}

const fullName = (repository: HostedRepository) => `${repository.owner}/${repository.name}`;

/**
 * The model's guess among the repositories the person may write to: taken when it is confident
 * and names exactly one of them; otherwise the picker, with the ones it suggested first.
 */
async function guessed(
  request: { text: string; actor: Actor },
  writable: HostedRepository[],
  db: DbClient,
  env: Env,
): Promise<RepositoryChoice> {
  const described = await db.repository.findMany({
    where: { id: { in: writable.map((repository) => repository.id) } },
    select: { id: true, description: true },
  });
  const descriptions = new Map(described.map((row) => [row.id, row.description]));
  const guess = await classifyRepository(
    {
      text: request.text,
      source: "Slack message",
      candidates: writable.map((repository) => ({
        fullName: fullName(repository),
        description: descriptions.get(repository.id) ?? null,
      })),
      userId: request.actor.id,
    },
    db,
    env,
  );
  // Names are matched among `writable` only: no answer can reach a repository the person may not write to.
  const named = (name: string | null) =>
    writable.filter((repository) => name !== null && fullName(repository).toLowerCase() === name.toLowerCase());
  const [only, ...others] = named(guess?.repository ?? null);
  if (guess?.confidence === "high" && only && others.length === 0)
    return { kind: "chosen", repository: only, why: guessWhy(guess) };
  const likeliest = guess ? [guess.repository, ...guess.alternatives].flatMap(named) : [];
  return {
    kind: "unsure",
    candidates: [...new Set([...likeliest, ...writable])],
    why:
      likeliest.length > 0
        ? "the message does not say which repository (the likeliest first)"
        : "the message does not say which repository",
  };
}

/** Shown under "Working on owner/name…": the model's reason, already plain text of at most 150 characters. */
function guessWhy(guess: RepositoryGuess): string {
  return guess.reasoning ? `my guess: ${guess.reasoning}` : "my guess from the message";
}

/** Whether the text names `phrase` as a whole word, in any case. */
function mentions(text: string, phrase: string): boolean {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
  return new RegExp(`(^|[^\\w.-])${escaped}($|[^\\w.-])`, "i").test(text);
}
