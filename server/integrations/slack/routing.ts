// The administrators' say in which repository a Slack request works on (./choose-repository.ts):
// keyword rules (a whole word in the request points at a repository) and channel defaults. Everyone
// signed in reads them; administrators change them. docs/slack.md#which-repository.
import type { z } from "zod";
import type { Actor } from "../../access/actor";
import { assertAdministrator } from "../../access/administrators";
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import { AppError } from "../../errors";
import { Prisma } from "../../generated/prisma/client";
import { type channelDefaultInput, type routingRuleInput, SLACK_ROUTING_LIMITS } from "./routing-schemas";

type RepositoryName = { id: string; owner: string; name: string };
export type SlackRoutingView = {
  /** Whether the Slack app is set up here (SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET). */
  isConfigured: boolean;
  canChange: boolean;
  rules: Array<{ id: string; keyword: string; repository: RepositoryName }>;
  channelDefaults: Array<{ channel: string; repository: RepositoryName }>;
};

const repositoryName = { select: { id: true, owner: true, name: true } } as const;

export async function getSlackRouting(
  options: { actor: Actor },
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<SlackRoutingView> {
  const [rules, channelDefaults] = await Promise.all([
    db.slackRoutingRule.findMany({
      orderBy: { keyword: "asc" },
      select: { id: true, keyword: true, repository: repositoryName },
    }),
    db.slackChannelDefault.findMany({
      orderBy: { channel: "asc" },
      select: { channel: true, repository: repositoryName },
    }),
  ]);
  return { isConfigured: env.slack !== null, canChange: options.actor.isAdmin, rules, channelDefaults };
}

export async function addSlackRoutingRule(
  options: { actor: Actor; rule: z.output<typeof routingRuleInput> },
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<SlackRoutingView> {
  assertAdministrator(options.actor, "change Slack's keyword rules", env);
  await assertRepositoryExists(options.rule.repositoryId, db);
  if ((await db.slackRoutingRule.count()) >= SLACK_ROUTING_LIMITS.rules)
    throw AppError.field(
      "keyword",
      `There can be at most ${SLACK_ROUTING_LIMITS.rules} keyword rules; remove one first.`,
    );
  try {
    await db.slackRoutingRule.create({ data: options.rule });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw AppError.field(
        "keyword",
        `“${options.rule.keyword}” has a rule already; remove it to change it.`,
        "CONFLICT",
      );
    throw error;
  }
  return getSlackRouting(options, db, env);
}

export async function removeSlackRoutingRule(
  options: { actor: Actor; id: string },
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<SlackRoutingView> {
  assertAdministrator(options.actor, "change Slack's keyword rules", env);
  const { count } = await db.slackRoutingRule.deleteMany({ where: { id: options.id } });
  if (count === 0) throw new AppError("NOT_FOUND", "That keyword rule does not exist; it may have been removed.");
  return getSlackRouting(options, db, env);
}

export async function setSlackChannelDefault(
  options: { actor: Actor; channelDefault: z.output<typeof channelDefaultInput> },
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<SlackRoutingView> {
  assertAdministrator(options.actor, "change Slack's channel defaults", env);
  await assertRepositoryExists(options.channelDefault.repositoryId, db);
  const { channel, repositoryId } = options.channelDefault;
  await db.slackChannelDefault.upsert({
    where: { channel },
    create: { channel, repositoryId },
    update: { repositoryId },
  });
  return getSlackRouting(options, db, env);
}

export async function removeSlackChannelDefault(
  options: { actor: Actor; channel: string },
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<SlackRoutingView> {
  assertAdministrator(options.actor, "change Slack's channel defaults", env);
  const { count } = await db.slackChannelDefault.deleteMany({ where: { channel: options.channel } });
  if (count === 0) throw new AppError("NOT_FOUND", "That channel has no default repository.");
  return getSlackRouting(options, db, env);
}

async function assertRepositoryExists(repositoryId: string, db: DbClient): Promise<void> {
  const found = await db.repository.count({ where: { id: repositoryId } });
  if (found === 0)
    throw AppError.field("repositoryId", "That repository does not exist; it may have been removed.", "NOT_FOUND");
}
