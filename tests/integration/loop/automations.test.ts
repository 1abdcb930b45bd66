// Automations through the whole loop: the scheduler's tick, the inbound webhook and Sentry's
// webhook fire them; the automation-run job opens each session as the owner; the real OpenCode in
// a real sandbox does the work against the scripted fake model; the run and its firing end with
// the prompt; the signed summary reaches the notification URL; three failed firings pause it.
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAutomationNow } from "@/server/automations/fire-automation";
import { tickAutomations } from "@/server/automations/scheduler";
import { getDb } from "@/server/db";
import { getSession } from "@/server/sessions/get-session";
import { asActor, createLocalRepository, createUser, git } from "../../factories";
import { readBody } from "../../fixtures/http";
import issueCreated from "../../fixtures/sentry/issue-created.json";
import { deliverSentry, deliverWebhook, firingsOf, makeAutomation, waitForFiring } from "../../support/automations";
import { commitFileScript, until, withSessionLoop } from "../../support/session-loop";

const loop = withSessionLoop();

/** A receiver for the automations' notifications. */
const received: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = [];
const receiver = createServer((req, res) => {
  void readBody(req).then((body) => {
    received.push({ headers: req.headers, body });
    res.writeHead(204).end();
  });
});
beforeAll(() => new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve)));
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
const receiverUrl = () => `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/nightshift`;

describe("automations, end to end", () => {
  it(
    "a schedule due now runs once: a session titled after it, a commit by its owner, and a signed summary",
    { timeout: 180_000 },
    async () => {
      const owner = await createUser({ name: "Mary Jackson", email: "mary@example.com" });
      const repository = await createLocalRepository(owner.id);
      const made = await makeAutomation(owner, {
        name: "Weekly dependency check",
        instructions: "Add checked.txt and commit it.",
        targets: [{ repositoryId: repository.id }],
        trigger: { type: "schedule", cron: "0 9 * * 1", timeZone: "Europe/Berlin" },
        notifyUrl: receiverUrl(),
      });
      expect(made.secrets.notifySecret).toMatch(/^nsn_/);
      await getDb().automation.update({ where: { id: made.id }, data: { nextRunAt: new Date(Date.now() - 1000) } });
      loop.model.script(commitFileScript("checked.txt"));

      await Promise.all([tickAutomations(), tickAutomations()]);
      const [firing, ...others] = await firingsOf(made.id);
      expect(others).toEqual([]);
      const ended = await waitForFiring(firing!.id, ["completed", "failed", "partial_failed"]);
      expect(ended.status).toBe("completed");
      const run = ended.runs[0]!;
      expect(run).toMatchObject({ status: "completed", attempt: 1, failureReason: null });

      const session = await getDb().session.findUniqueOrThrow({
        where: { id: run.sessionId! },
        include: { messages: true },
      });
      expect(session).toMatchObject({ title: "Weekly dependency check", createdById: owner.id, status: "completed" });
      const snapshot = await getSession({ sessionId: session.id, actor: asActor(owner) });
      expect(snapshot.automation).toEqual({ id: made.id, name: "Weekly dependency check" });
      expect(session.messages.map((m) => [m.source, m.authorId, m.content])).toEqual([
        ["automation", owner.id, "Add checked.txt and commit it."],
      ]);
      const { externalId: origin } = await getDb().repository.findUniqueOrThrow({ where: { id: repository.id } });
      expect(git(origin, "log", "-1", "--format=%an <%ae>|%s", session.branch)).toBe(
        "Mary Jackson <mary@example.com>|Add checked.txt",
      );

      const delivery = await until("the summary's delivery", () => received.find((r) => r.body.includes(made.id)));
      expect(delivery.headers["x-nightshift-signature"]).toBe(
        `sha256=${createHmac("sha256", made.secrets.notifySecret!).update(delivery.body).digest("hex")}`,
      );
      const summary = JSON.parse(delivery.body);
      expect(summary).toMatchObject({
        event: "automation.firing.ended",
        automation: { id: made.id, name: "Weekly dependency check", paused: false },
        firing: { id: firing!.id, source: "schedule", status: "completed" },
        runs: [
          {
            status: "completed",
            sessionUrl: `${process.env.NIGHTSHIFT_URL}/sessions/${session.id}`,
            answer: "I added checked.txt.",
          },
        ],
      });
      // The occurrence fired once however often the clock ticks.
      await tickAutomations();
      expect(await firingsOf(made.id)).toHaveLength(1);
    },
  );

  it(
    "a webhook that meets its conditions and a Sentry issue each open a session with what triggered it",
    { timeout: 180_000 },
    async () => {
      const owner = await createUser();
      const repository = await createLocalRepository(owner.id);
      const hook = await makeAutomation(owner, {
        name: "Deploy failures",
        instructions: "Find why the deploy failed.",
        targets: [{ repositoryId: repository.id }],
        trigger: { type: "webhook", conditions: [{ path: "$.status", comparison: "eq", value: "failed" }] },
      });
      const sentry = await makeAutomation(owner, {
        name: "Sentry triage",
        instructions: "Investigate this error.",
        targets: [{ repositoryId: repository.id }],
        trigger: { type: "sentry", clientSecret: "sentry-client-secret-1234" },
      });
      loop.model.script([{ text: "The deploy failed on a missing variable." }, { text: "totals is undefined." }]);

      const passed = await deliverWebhook(hook.id, { key: hook.secrets.webhookKey!, body: { status: "ok" } });
      expect(passed.json).toMatchObject({ triggered: 0, skipped: 1 });
      const fired = await deliverWebhook(hook.id, {
        key: hook.secrets.webhookKey!,
        body: { status: "failed", service: "api" },
      });
      expect(fired.json).toMatchObject({ triggered: 1, skipped: 0 });
      const hookFiring = await waitForFiring(String(fired.json.firingId), ["completed", "failed"]);
      expect(hookFiring.status).toBe("completed");

      const delivered = await deliverSentry(sentry.id, {
        secret: "sentry-client-secret-1234",
        resource: "issue",
        payload: issueCreated,
      });
      const sentryFiring = await waitForFiring(String(delivered.json.firingId), ["completed", "failed"]);
      expect(sentryFiring.status).toBe("completed");
      const redelivered = await deliverSentry(sentry.id, {
        secret: "sentry-client-secret-1234",
        resource: "issue",
        payload: issueCreated,
      });
      expect(redelivered.json).toMatchObject({ triggered: 0, skipped: 1 });

      const prompts = await getDb().message.findMany({
        where: { sessionId: { in: [hookFiring.runs[0]!.sessionId!, sentryFiring.runs[0]!.sessionId!] } },
        orderBy: { createdAt: "asc" },
        select: { content: true },
      });
      expect(prompts).toHaveLength(2);
      expect(prompts[0]!.content).toMatch(
        /^Find why the deploy failed\.\n\nThis run was started by an inbound webhook/,
      );
      expect(prompts[0]!.content).toContain('"service": "api"');
      expect(prompts[1]!.content).toMatch(/^Investigate this error\.\n\nThis run was started by a Sentry alert/);
      expect(prompts[1]!.content).toContain("Culprit: computeTotals(src/cart/totals.ts)");
      expect(await firingsOf(sentry.id)).toHaveLength(1);
    },
  );

  it(
    "pauses itself after three failed firings in a row, tells its notification URL, and Run now still works",
    { timeout: 180_000 },
    async () => {
      const owner = await createUser();
      const repository = await createLocalRepository(owner.id, { branches: ["release"] });
      const made = await makeAutomation(owner, {
        name: "Release notes",
        targets: [{ repositoryId: repository.id, branch: "release" }],
        trigger: { type: "schedule", cron: "0 6 * * *" },
        notifyUrl: receiverUrl(),
      });
      // The branch it works on is deleted afterwards: every run now fails, saying why.
      const { externalId: origin } = await getDb().repository.findUniqueOrThrow({ where: { id: repository.id } });
      git(origin, "branch", "-D", "release");
      for (let round = 1; round <= 3; round += 1) {
        const fired = await runAutomationNow(made.id, asActor(owner));
        const firing = await waitForFiring(fired.firingId!, ["failed"]);
        expect(firing.runs[0]!.failureReason).toMatch(/could not open the session: .*release/);
        await until("the firing to be counted", async () =>
          (await getDb().automationFiring.findUniqueOrThrow({ where: { id: firing.id } })).countedAt ? true : undefined,
        );
      }
      const paused = await until("the pause", async () => {
        const row = await getDb().automation.findUniqueOrThrow({ where: { id: made.id } });
        return row.enabled ? undefined : row;
      });
      expect(paused).toMatchObject({ consecutiveFailures: 3, nextRunAt: null });
      expect(paused.pausedReason).toMatch(/after 3 failed runs in a row/);
      const last = await until("the third summary", () => {
        const summaries = received.filter((r) => r.body.includes(made.id)).map((r) => JSON.parse(r.body));
        return summaries.find((s) => s.automation.paused) ?? undefined;
      });
      expect(last).toMatchObject({
        automation: { paused: true, consecutiveFailures: 3 },
        firing: { status: "failed" },
      });
      // Paused, it still runs when asked.
      expect((await runAutomationNow(made.id, asActor(owner))).status).toBe("fired");
    },
  );
});
