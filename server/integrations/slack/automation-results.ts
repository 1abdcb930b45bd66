// An automation's results in Slack: when a firing ends, its summary — how it ended, and for each
// repository the session, the pull request and the start of the agent's answer — is posted to the
// channel the automation names. Once per firing: claimed before it is posted, released when Slack
// did not take it (the job's retry posts it again). docs/automations.md#notifications.
import type { types } from "@slack/bolt";
import { firingSummary, type FiringSummary } from "../../automations/firing-outcome";
import { type DbClient, getDb } from "../../db";
import { type Env, getEnv } from "../../env";
import { logger } from "../../logger";
import { slackClient, slackConfig } from "./client";
import { context, escapeMrkdwn, section, SLACK_LIMITS } from "./format";

/** How much of each run's answer the channel sees; the session has the rest. */
const ANSWER_CHARACTERS = 600;
/** Runs listed one by one; an automation has at most 10 targets, each taking 2 blocks. */
const RUNS_SHOWN = 10;

export async function postFiringToSlack(
  firingId: string,
  db: DbClient = getDb(),
  env: Env = getEnv(),
): Promise<boolean> {
  const firing = await db.automationFiring.findUniqueOrThrow({
    where: { id: firingId },
    select: { slackPostedAt: true, automation: { select: { slackChannel: true } } },
  });
  const channel = firing.automation.slackChannel;
  if (!channel || firing.slackPostedAt) return false;
  if (!env.slack) {
    logger.warn("an automation names a Slack channel, but Slack is not set up here", { firingId });
    return false;
  }
  const claimed = await db.automationFiring.updateMany({
    where: { id: firingId, slackPostedAt: null },
    data: { slackPostedAt: new Date() },
  });
  if (claimed.count === 0) return false;
  try {
    await slackClient(slackConfig(env)).chat.postMessage({
      channel,
      ...firingMessage(await firingSummary(firingId, db, env)),
      unfurl_links: false,
    });
    return true;
  } catch (error) {
    await db.automationFiring.update({ where: { id: firingId }, data: { slackPostedAt: null } });
    throw error;
  }
}

const ENDINGS: Record<string, string> = {
  completed: ":white_check_mark: completed",
  failed: ":x: failed",
  partial_failed: ":warning: partly failed",
  skipped: ":fast_forward: skipped",
};

export function firingMessage(summary: FiringSummary): { text: string; blocks: types.KnownBlock[] } {
  const { automation, firing } = summary;
  const ending = ENDINGS[firing.status] ?? firing.status;
  const headline = `The automation <${automation.url}|${escapeMrkdwn(automation.name)}> ran (${escapeMrkdwn(firing.source)}): ${ending}.`;
  const blocks: types.KnownBlock[] = [section(headline)];
  for (const run of summary.runs.slice(0, RUNS_SHOWN)) {
    const links = [
      run.sessionUrl ? `<${run.sessionUrl}|session>` : null,
      run.pullRequestUrl ? `<${run.pullRequestUrl}|pull request>` : null,
    ].filter(Boolean);
    const why = run.failureReason ? `: ${escapeMrkdwn(run.failureReason)}` : "";
    blocks.push(
      section(
        `*${escapeMrkdwn(run.repository)}* — ${escapeMrkdwn(run.status)}${why}${links.length ? ` · ${links.join(" · ")}` : ""}`,
      ),
    );
    const answer = run.answer?.trim();
    if (answer)
      blocks.push(
        context(
          escapeMrkdwn(answer.length > ANSWER_CHARACTERS ? `${answer.slice(0, ANSWER_CHARACTERS - 1)}…` : answer),
        ),
      );
  }
  if (automation.paused)
    blocks.push(
      context(
        `:double_vertical_bar: It paused itself after ${automation.consecutiveFailures} failed firings in a row.`,
      ),
    );
  const text = `${automation.name}: ${firing.status}`.slice(0, SLACK_LIMITS.fallback);
  return { text, blocks };
}
