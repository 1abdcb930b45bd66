// Choosing among repositories for a bot's request (the Slack bot, the Linear agent): whether a
// text names one, and a cheap model's guess among those the person may write to
// (./classify-repository.ts) — taken only when it is sure, else an order for asking them.
import type { Actor } from "../access/actor";
import type { DbClient } from "../db";
import type { Env } from "../env";
import type { HostedRepository } from "../git/code-host";
import { classifyRepository, type RepositoryGuess } from "./classify-repository";

export type RepositoryChoice =
  | { kind: "chosen"; repository: HostedRepository; why: string }
  | { kind: "unsure"; candidates: HostedRepository[]; why: string }
  | { kind: "none"; why: string };

export const fullName = (repository: HostedRepository) => `${repository.owner}/${repository.name}`;

/**
 * The model's guess among the repositories the person may write to: taken when it is confident
 * and names exactly one of them; otherwise the picker, with the ones it suggested first.
 */
export async function guessAmong(
  request: { text: string; source: string; actor: Actor },
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
      source: request.source,
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
export function mentions(text: string, phrase: string): boolean {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
  return new RegExp(`(^|[^\\w.-])${escaped}($|[^\\w.-])`, "i").test(text);
}
