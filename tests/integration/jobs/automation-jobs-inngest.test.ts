// The automations' jobs run as Inngest functions through @inngest/test against the real
// database: the same definitions pg-boss runs in tests/integration/loop/automations.test.ts.
// Each is run twice, as Inngest's retries and replays would, and acts once.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAutomationNow } from "@/server/automations/fire-automation";
import { getDb } from "@/server/db";
import { automationFiringEndedJob } from "@/server/jobs/functions/automation-firing-ended";
import { automationRunJob } from "@/server/jobs/functions/automation-run";
import { automationsTickJob } from "@/server/jobs/functions/automations-tick";
import { stopJobs } from "@/server/jobs/queue";
import { asActor, createLocalRepository, createUser } from "../../factories";
import { readBody } from "../../fixtures/http";
import { firingsOf, makeAutomation } from "../../support/automations";
import { runEventJobWithInngest, runScheduledJobWithInngest } from "../../support/inngest";
import { withOwnDatabase } from "../../support/own-database";

// The tick acts on every automation in the database, other files' too.
withOwnDatabase();

const deliveries: string[] = [];
const receiver = createServer((req, res) => {
  void readBody(req).then((body) => {
    deliveries.push(body);
    res.writeHead(200).end();
  });
});
beforeAll(() => new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve)));
afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await stopJobs();
});

async function scheduledAutomation() {
  const owner = await createUser({ name: "Dorothy Vaughan" });
  const repository = await createLocalRepository(owner.id);
  const made = await makeAutomation(owner, {
    name: "Nightly build",
    targets: [{ repositoryId: repository.id }],
    trigger: { type: "schedule", cron: "0 3 * * *" },
    notifyUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
  });
  return { ...made, owner };
}

describe("the automations' jobs on Inngest", () => {
  it("automations-tick fires a due schedule once, however often it runs, and plans the next run", async () => {
    const { id } = await scheduledAutomation();
    const due = new Date(Date.now() - 30_000);
    await getDb().automation.update({ where: { id }, data: { nextRunAt: due } });
    for (let tick = 0; tick < 2; tick += 1)
      expect((await runScheduledJobWithInngest(automationsTickJob)).error).toBeUndefined();
    const firings = await firingsOf(id);
    expect(firings).toHaveLength(1);
    expect(firings[0]).toMatchObject({ source: "schedule", scheduledFor: due });
    const { nextRunAt } = await getDb().automation.findUniqueOrThrow({ where: { id } });
    expect(nextRunAt!.getTime()).toBeGreaterThan(Date.now());
  });

  it("automation-run opens the run's session as the owner, once", async () => {
    const { id, owner } = await scheduledAutomation();
    const fired = await runAutomationNow(id, asActor(owner));
    const [run] = (await firingsOf(id))[0]!.runs;
    for (let attempt = 0; attempt < 2; attempt += 1)
      expect((await runEventJobWithInngest(automationRunJob, { runId: run!.id })).error).toBeUndefined();
    const opened = await getDb().automationRun.findUniqueOrThrow({
      where: { id: run!.id },
      include: { session: true },
    });
    expect(opened).toMatchObject({ status: "running", firingId: fired.firingId });
    expect(opened.session).toMatchObject({ title: "Nightly build", createdById: owner.id });
    expect(await getDb().message.count({ where: { sessionId: opened.sessionId! } })).toBe(1);
  });

  it("automation-firing-ended counts a failed firing once and posts its summary once", async () => {
    const { id } = await scheduledAutomation();
    const firing = await getDb().automationFiring.create({
      data: { automationId: id, source: "webhook", status: "failed", finishedAt: new Date() },
    });
    for (let attempt = 0; attempt < 2; attempt += 1)
      expect((await runEventJobWithInngest(automationFiringEndedJob, { firingId: firing.id })).error).toBeUndefined();
    expect(await getDb().automation.findUniqueOrThrow({ where: { id } })).toMatchObject({ consecutiveFailures: 1 });
    const summaries = deliveries.map((body) => JSON.parse(body)).filter((summary) => summary.firing.id === firing.id);
    expect(summaries).toEqual([
      expect.objectContaining({ automation: expect.objectContaining({ id, consecutiveFailures: 1 }), runs: [] }),
    ]);
  });
});
