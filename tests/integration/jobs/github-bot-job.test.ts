// The github-bot job as an Inngest function through @inngest/test, against the fake GitHub: a
// writer's mention is acknowledged and queued once; anyone else's stops after the check.
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { githubBotJob } from "@/server/jobs/functions/github-bot";
import { stopJobs } from "@/server/jobs/queue";
import { botTrigger } from "@/server/integrations/github/bot-trigger";
import { randomKey } from "../../factories";
import issueComment from "../../fixtures/github/webhook-issue-comment-created.json";
import { installedRepository, TEST_APP, withFakeGithubApp } from "../../support/github-app";
import { runEventJobWithInngest } from "../../support/inngest";

const fake = withFakeGithubApp();
afterAll(async () => {
  await stopJobs();
});

async function mentionBy(login: string) {
  const { githubId, repository, fullName } = await installedRepository(fake.github, {
    owner: "acme",
    name: "job",
    collaborators: { writer: "write" },
  });
  const payload = {
    ...structuredClone(issueComment),
    sender: { login, id: 500_000 + Math.floor(Math.random() * 1e6), type: "User" },
  };
  Object.assign(payload.repository, { id: githubId, name: repository.name, full_name: fullName });
  return botTrigger("issue_comment", payload, TEST_APP.slug)!;
}

describe("the github-bot job on Inngest", () => {
  it("acknowledges a writer's mention and queues the request", async () => {
    const trigger = await mentionBy("writer");
    const deliveryId = `delivery-${randomKey()}`;
    const run = await runEventJobWithInngest(githubBotJob, { deliveryId, trigger });
    expect(run.error).toBeUndefined();
    expect(run.ctx.step.run).toHaveBeenCalledWith("acknowledge", expect.any(Function));
    const messages = await getDb().message.findMany({ where: { clientRequestId: `github-${deliveryId}` } });
    expect(messages).toHaveLength(1);
    expect(
      fake.github.activity
        .filter((entry) => entry.repository === `acme/${trigger.repository.name}`)
        .map((entry) => entry.kind),
    ).toEqual(["reaction"]);
  });

  it("stops after the check for someone without write access: no reaction, no session", async () => {
    const trigger = await mentionBy("stranger");
    const run = await runEventJobWithInngest(githubBotJob, { deliveryId: `delivery-${randomKey()}`, trigger });
    expect(run.error).toBeUndefined();
    expect(run.ctx.step.run).not.toHaveBeenCalledWith("acknowledge", expect.any(Function));
    expect(fake.github.activity.filter((entry) => entry.repository === `acme/${trigger.repository.name}`)).toEqual([]);
  });
});
