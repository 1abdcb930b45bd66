// Which repository and model an issue handed to the agent works with. The repository, in order:
// the issue's project's mapping, its team's (administrators set both in Settings → Linear); an
// owner/name the person wrote when they mentioned the agent; the only one they can write to;
// Linear's own suggestion when it is sure; a cheap model's confident guess among the
// repositories they can write to; otherwise the agent asks. The model:
// a `model-…` label on the issue, the mapping's, else the repository's default.
// docs/linear.md#which-repository.
import type { LinearClient } from "@linear/sdk";
import type { Actor } from "../../access/actor";
import { writableRepositories } from "../../access/writable-repositories";
import type { DbClient } from "../../db";
import type { Env } from "../../env";
import { type HostedRepository, hostedRepositorySelect } from "../../git/code-host";
import { logger } from "../../logger";
import type { ModelOption } from "../../models/list-models";
import { fullName, guessAmong, mentions, type RepositoryChoice } from "../../repositories/choose-among";

/** What the agent reads of the issue beyond the webhook: its project (its id, URL slug and name) and labels. */
export type IssueFacts = { project: string[]; labels: string[] };

export async function issueFacts(client: LinearClient, issueId: string): Promise<IssueFacts> {
  const issue = await client.issue(issueId);
  const [labels, project] = await Promise.all([issue.labels(), issue.project]);
  return {
    project: project ? [project.id, project.slugId, project.name] : [],
    labels: labels.nodes.map((label) => label.name),
  };
}

export type LinearChoice = RepositoryChoice & { model?: string | null };

/** Linear's own suggestions among candidate repositories, each with its confidence (0 to 1). */
export type SuggestRepositories = (
  candidates: Array<{ hostname: string; repositoryFullName: string }>,
) => Promise<Array<{ repositoryFullName: string; confidence: number }>>;

/** How sure Linear must be of its suggestion for the agent to take it. */
export const SUGGESTION_CONFIDENCE = 0.7;

export async function chooseLinearRepository(
  request: {
    team: string[];
    facts: IssueFacts;
    written: string;
    about: string;
    actor: Actor;
    suggest?: SuggestRepositories;
  },
  db: DbClient,
  env: Env,
): Promise<LinearChoice> {
  // A mapping names its team by key or id, its project by name, URL slug or id, in any case.
  const names = (values: string[]) => values.map((value) => value.toLowerCase());
  const mappings = await db.linearMapping.findMany({
    where: {
      OR: [
        { kind: "team", linearId: { in: names(request.team) } },
        { kind: "project", linearId: { in: names(request.facts.project) } },
      ],
    },
    select: { kind: true, model: true, repository: { select: hostedRepositorySelect } },
  });
  const mapped = mappings.find((mapping) => mapping.kind === "project") ?? mappings[0];
  if (mapped)
    return {
      kind: "chosen",
      repository: mapped.repository,
      why: `the ${mapped.kind}'s repository`,
      model: mapped.model,
    };
  const repositories = await db.repository.findMany({ select: hostedRepositorySelect, orderBy: { createdAt: "asc" } });
  const named = repositories.filter((repository) => mentions(request.written, fullName(repository)));
  if (named.length === 1) return { kind: "chosen", repository: named[0]!, why: "you named it" };
  const writable = await writableRepositories(request.actor, db, repositories);
  if (writable.length === 0) return { kind: "none", why: "You cannot write to any of Nightshift's repositories." };
  if (writable.length === 1) return { kind: "chosen", repository: writable[0]!, why: "the only one you can write to" };
  const suggested = request.suggest ? await linearSuggestion(request.suggest, writable) : null;
  if (suggested) return { kind: "chosen", repository: suggested, why: "Linear suggested it" };
  return guessAmong({ text: request.about, source: "Linear issue", actor: request.actor }, writable, db, env);
}

/** Linear's suggestion when it is sure of one of the repositories the person may write to; else null. */
async function linearSuggestion(suggest: SuggestRepositories, writable: HostedRepository[]) {
  const hostname = (repository: HostedRepository) => (repository.provider === "github" ? "github.com" : "local");
  try {
    const suggestions = await suggest(
      writable
        .slice(0, 100)
        .map((repository) => ({ hostname: hostname(repository), repositoryFullName: fullName(repository) })),
    );
    const sure = suggestions.filter((suggestion) => suggestion.confidence >= SUGGESTION_CONFIDENCE);
    const named = writable.filter((repository) =>
      sure.some((suggestion) => suggestion.repositoryFullName.toLowerCase() === fullName(repository).toLowerCase()),
    );
    return named.length === 1 ? named[0]! : null;
  } catch (error) {
    // Linear's suggestions are a help: without them, the next way decides.
    logger.warn("Linear's repository suggestions could not be read", { error });
    return null;
  }
}

/**
 * The model a `model-…` label asks for (Linear refuses ":" in a label's name): a model that can
 * run whose name, or provider and name, is what follows "model-", or else whose name contains it
 * ("model-opus" is the first Opus). Undefined without such a label; a note when none matches.
 */
export function modelFromLabels(
  labels: string[],
  models: ModelOption[],
): { model?: string; note?: string } | undefined {
  const asked = labels.map((label) => /^model-(.+)$/i.exec(label.trim())?.[1]?.toLowerCase()).find(Boolean);
  if (!asked) return undefined;
  const usable = models.filter((model) => model.available);
  const found =
    usable.find((model) => model.id.toLowerCase() === asked.replace("-", "/") || model.name.toLowerCase() === asked) ??
    usable.find((model) => model.name.toLowerCase().includes(asked));
  return found ? { model: found.id } : { note: `no model that can run here matches the label model-${asked}` };
}
