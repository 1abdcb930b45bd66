// An automation's results posted to its Slack channel when a firing ends (the
// automation-firing-ended job, through @inngest/test, against the fake Slack Web API): once per
// firing however often the job runs, and again on the job's retry when Slack refused it.
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { automationFiringEndedJob } from "@/server/jobs/functions/automation-firing-ended";
import { stopJobs } from "@/server/jobs/queue";
import { createLocalRepository, createUser, randomKey } from "../../factories";
import { makeAutomation } from "../../support/automations";
import { runEventJobWithInngest } from "../../support/inngest";
import { withFakeSlack } from "../../support/slack";

const slack = withFakeSlack([]);
afterAll(async () => {
  await stopJobs();
});

/** An automation posting to `channel`, and a firing of it whose one run ended as `status`. */
async function endedFiring(channel: string, status: "completed" | "failed") {
  const owner = await createUser({ name: "Katherine Johnson" });
  const repository = await createLocalRepository(owner.id, { name: `orbits-${randomKey()}` });
  const automation = await makeAutomation(owner, {
    name: "Nightly <orbit> check",
    targets: [{ repositoryId: repository.id }],
    trigger: { type: "schedule", cron: "0 2 * * *", timeZone: "UTC" },
    slackChannel: channel,
  });
  const firing = await getDb().automationFiring.create({
    data: { automationId: automation.id, source: "manual", status, finishedAt: new Date() },
  });
  await getDb().automationRun.create({
    data: {
      firingId: firing.id,
      automationId: automation.id,
      repositoryId: repository.id,
      status,
      failureReason: status === "failed" ? "the sandbox was lost" : null,
      finishedAt: new Date(),
    },
  });
  return { automation, firing, repository };
}

const postsTo = (channel: string) =>
  slack.slack.calls.filter((call) => call.method === "chat.postMessage" && call.args.channel === channel);

describe("an automation's results in Slack", () => {
  it("are posted to its channel once when a firing ends, saying how each repository's run went", async () => {
    const channel = `C0${randomKey().toUpperCase()}`;
    const { automation, firing, repository } = await endedFiring(channel, "failed");
    for (let run = 0; run < 2; run += 1)
      expect((await runEventJobWithInngest(automationFiringEndedJob, { firingId: firing.id })).error).toBeUndefined();
    const [post, ...more] = postsTo(channel);
    expect(more).toEqual([]);
    expect(post!.args.text).toBe("Nightly <orbit> check: failed");
    const blocks = JSON.stringify(post!.args.blocks);
    expect(blocks).toContain(`/automations/${automation.id}|Nightly &lt;orbit&gt; check> ran (manual): :x: failed.`);
    expect(blocks).toContain(`*local/${repository.name}* — failed: the sandbox was lost`);
  });

  it("are posted on the job's retry when Slack refused them, and the refusal fails the job", async () => {
    const channel = `C0${randomKey().toUpperCase()}`;
    const { firing } = await endedFiring(channel, "completed");
    slack.slack.closedChannels.add(channel);
    const refused = await runEventJobWithInngest(automationFiringEndedJob, { firingId: firing.id });
    expect(JSON.stringify(refused.error)).toContain("channel_not_found");
    expect(await getDb().automationFiring.findUniqueOrThrow({ where: { id: firing.id } })).toMatchObject({
      slackPostedAt: null,
    });
    slack.slack.closedChannels.delete(channel);
    expect((await runEventJobWithInngest(automationFiringEndedJob, { firingId: firing.id })).error).toBeUndefined();
    // Asked twice (refused, then taken); in the channel once.
    expect(postsTo(channel)).toHaveLength(2);
    expect(slack.slack.channels.get(channel)?.map((message) => message.text)).toEqual([
      "Nightly <orbit> check: completed",
    ]);
  });

  it("are refused on the form with a clear error when the channel is not a channel ID", async () => {
    const owner = await createUser();
    const repository = await createLocalRepository(owner.id);
    await expect(
      makeAutomation(owner, {
        targets: [{ repositoryId: repository.id }],
        trigger: { type: "schedule", cron: "0 2 * * *" },
        slackChannel: "#general",
      }),
    ).rejects.toThrow(/A channel ID, such as C0123ABCDEF/);
  });
});
