// Managing automations through tRPC, as the page does: what saving checks, what a change keeps,
// pausing and resuming, new keys, and deleting.
import { describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { startAutomationRun } from "@/server/automations/run-automation";
import { getDb } from "@/server/db";
import { administrator, createLocalRepository, createUser } from "../../factories";
import { deliverWebhook } from "../../support/automations";
import { refusal } from "../../support/refusal";

async function person() {
  const user = await createUser();
  return { user, caller: createCaller({ user }), repository: await createLocalRepository(user.id) };
}

const schedule = { type: "schedule" as const, cron: "0 9 * * 1-5", timeZone: "Europe/Berlin" };

describe("managing automations", () => {
  it("saves a schedule with its next run planned in its time zone", async () => {
    const { caller, repository } = await person();
    const { id, secrets } = await caller.automation.create({
      name: "Standup notes",
      instructions: "Summarise yesterday's commits.",
      targets: [{ repositoryId: repository.id }],
      trigger: schedule,
    });
    expect(secrets).toEqual({});
    const view = await caller.automation.get({ automationId: id });
    expect(view).toMatchObject({
      status: "enabled",
      triggerText: "Weekdays at 09:00 (Europe/Berlin)",
      recentFirings: [],
    });
    const local = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Berlin",
      hour: "2-digit",
      minute: "2-digit",
      weekday: "short",
    });
    expect(local.format(view.nextRunAt!)).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 09:00$/);
    expect(view.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
  });

  it("refuses what cannot run: a branch that does not exist, a Sentry trigger without its secret, another owner unless an administrator names them", async () => {
    const { caller, repository, user } = await person();
    const base = { name: "X", instructions: "Y", trigger: schedule };
    const missing = await refusal(
      caller.automation.create({ ...base, targets: [{ repositoryId: repository.id, branch: "no-such-branch" }] }),
    );
    expect(missing).toMatchObject({ appCode: "VALIDATION", message: expect.stringContaining("no-such-branch") });
    const sentry = await refusal(
      caller.automation.create({ ...base, targets: [{ repositoryId: repository.id }], trigger: { type: "sentry" } }),
    );
    expect(sentry.message).toBe("Paste the Sentry integration's client secret.");
    const other = await person();
    const forSomeoneElse = await refusal(
      caller.automation.create({ ...base, targets: [{ repositoryId: repository.id }], ownerId: other.user.id }),
    );
    expect(forSomeoneElse).toMatchObject({
      appCode: "FORBIDDEN",
      message: expect.stringContaining("Only an administrator"),
    });
    const admin = createCaller({ user: await administrator() });
    const made = await admin.automation.create({
      ...base,
      targets: [{ repositoryId: repository.id }],
      ownerId: user.id,
    });
    expect((await caller.automation.get({ automationId: made.id })).owner.id).toBe(user.id);
  });

  it("keeps a paused automation paused when it is changed, and resumes it with its failures forgotten", async () => {
    const { caller, repository } = await person();
    const { id } = await caller.automation.create({
      name: "Nightly",
      instructions: "Check.",
      targets: [{ repositoryId: repository.id }],
      trigger: { type: "schedule", cron: "0 3 * * *" },
    });
    await getDb().automation.update({
      where: { id },
      data: {
        enabled: false,
        nextRunAt: null,
        consecutiveFailures: 3,
        pausedReason: "Paused by itself after 3 failed runs in a row.",
      },
    });
    await caller.automation.update({ automationId: id, changes: { name: "Nightly check" } });
    expect(await caller.automation.get({ automationId: id })).toMatchObject({
      name: "Nightly check",
      status: "paused",
      consecutiveFailures: 3,
      nextRunAt: null,
    });
    await caller.automation.setEnabled({ automationId: id, enabled: true });
    const resumed = await caller.automation.get({ automationId: id });
    expect(resumed).toMatchObject({ status: "enabled", consecutiveFailures: 0, pausedReason: null });
    expect(resumed.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
  });

  it("makes a webhook key that works until a new one replaces it", async () => {
    const { caller, repository } = await person();
    const { id, secrets } = await caller.automation.create({
      name: "Hook",
      instructions: "Look.",
      targets: [{ repositoryId: repository.id }],
      trigger: { type: "webhook" },
    });
    expect((await deliverWebhook(id, { key: secrets.webhookKey!, body: {} })).status).toBe(200);
    // Changing its conditions keeps the key.
    await caller.automation.update({
      automationId: id,
      changes: { trigger: { type: "webhook", conditions: [{ path: "$.x", comparison: "exists" }] } },
    });
    expect((await deliverWebhook(id, { key: secrets.webhookKey!, body: { x: 1 } })).status).toBe(200);
    const renewed = await caller.automation.regenerateSecret({ automationId: id, which: "webhookKey" });
    expect((await deliverWebhook(id, { key: secrets.webhookKey!, body: { x: 1 } })).status).toBe(401);
    expect((await deliverWebhook(id, { key: renewed.webhookKey!, body: { x: 1 } })).status).toBe(200);
  });

  it("deletes it with its history and leaves its sessions", async () => {
    const { caller, repository } = await person();
    const { id } = await caller.automation.create({
      name: "Once",
      instructions: "Go.",
      targets: [{ repositoryId: repository.id }],
      trigger: schedule,
    });
    await caller.automation.runNow({ automationId: id });
    const run = await getDb().automationRun.findFirstOrThrow({ where: { automationId: id } });
    await startAutomationRun(run.id);
    const { sessionId } = await getDb().automationRun.findUniqueOrThrow({ where: { id: run.id } });
    await caller.automation.delete({ automationId: id });
    expect(await getDb().automationFiring.count({ where: { automationId: id } })).toBe(0);
    expect(await getDb().session.count({ where: { id: sessionId! } })).toBe(1);
    expect((await refusal(caller.automation.get({ automationId: id }))).appCode).toBe("NOT_FOUND");
  });
});
