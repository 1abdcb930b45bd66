// Every job definition, run as an Inngest function through @inngest/test against the real
// database: the same definitions pg-boss runs in the loop tests (tests/integration/loop).
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import * as jobEvents from "@/server/jobs/events";
import { dispatchPromptJob } from "@/server/jobs/functions/dispatch-prompt";
import { pruneGithubDeliveriesJob } from "@/server/jobs/functions/prune-github-deliveries";
import { stopIdleSandboxesJob } from "@/server/jobs/functions/stop-idle-sandboxes";
import { warmSandboxJob } from "@/server/jobs/functions/warm-sandbox";
import { watchSandboxesJob } from "@/server/jobs/functions/watch-sandboxes";
import { createInngestClient } from "@/server/jobs/inngest/client";
import { createInngestFunctions } from "@/server/jobs/inngest/functions";
import { allJobs } from "@/server/jobs/registry";
import { stopJobs } from "@/server/jobs/queue";
import { enqueuePrompt } from "@/server/sessions/enqueue-prompt";
import { asActor, createSessionFor, createUser, randomKey } from "../../factories";
import { runEventJobWithInngest, runScheduledJobWithInngest } from "../../support/inngest";
import { withOwnDatabase } from "../../support/own-database";

// The sweeps act on every sandbox and session in the database, other files' too.
withOwnDatabase();

afterAll(async () => {
  await stopJobs();
});

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

async function sessionWithPrompt() {
  const user = await createUser({ name: "Katherine Johnson", email: `katherine-${randomKey()}@example.com` });
  const session = await createSessionFor(user);
  const { message } = await enqueuePrompt({
    sessionId: session.id,
    actor: asActor(user),
    source: "api",
    content: "Check the orbit",
  });
  return { user, session, message };
}

describe("job definitions on Inngest", () => {
  it("serves one job for every event a service can send, and each job once", () => {
    const names = allJobs.map((job) => job.name);
    expect(new Set(names).size).toBe(names.length);
    const eventJobs = allJobs.filter((job) => job.kind === "event").map((job) => job.name);
    expect(eventJobs.sort()).toEqual(
      Object.values(jobEvents)
        .map((event) => event.name)
        .sort(),
    );
    expect(createInngestFunctions(createInngestClient({}), allJobs).map((fn) => fn.id())).toEqual(names);
  });

  it("dispatch: starts the oldest waiting prompt in a new sandbox, and a retry starts nothing twice", async () => {
    const { user, session, message } = await sessionWithPrompt();
    const noSpawn = [{ id: "spawn-sandbox", handler: () => null }];

    const run = await runEventJobWithInngest(dispatchPromptJob, { sessionId: session.id }, noSpawn);
    expect(run.error).toBeUndefined();
    const claimed = await getDb().message.findUniqueOrThrow({
      where: { id: message.id },
      include: { sandbox: { include: { commands: true } } },
    });
    expect(claimed.status).toBe("processing");
    expect(claimed.sandbox).toMatchObject({ status: "pending", sessionId: session.id });
    expect(claimed.sandbox!.commands).toEqual([
      expect.objectContaining({
        seq: 1,
        type: "prompt",
        payload: {
          messageId: message.id,
          content: "Check the orbit",
          model: { provider: "custom", name: "fake-coder" },
          reasoningEffort: null,
          author: { name: "Katherine Johnson", email: user.email },
          coAuthors: [],
        },
      }),
    ]);
    expect(run.ctx.step.run).toHaveBeenCalledWith("spawn-sandbox", expect.any(Function));

    const again = await runEventJobWithInngest(dispatchPromptJob, { sessionId: session.id }, noSpawn);
    expect(again.error).toBeUndefined();
    expect(await getDb().sandboxCommand.count({ where: { sandboxId: claimed.sandboxId! } })).toBe(1);
    expect(await getDb().sandbox.count({ where: { sessionId: session.id } })).toBe(1);
  });

  it("warm: creates the session's sandbox and starts it, once, with no prompt", async () => {
    const user = await createUser();
    const session = await createSessionFor(user);
    const noSpawn = [{ id: "spawn-sandbox", handler: () => null }];
    const run = await runEventJobWithInngest(warmSandboxJob, { sessionId: session.id }, noSpawn);
    expect(run.error).toBeUndefined();
    expect(run.ctx.step.run).toHaveBeenCalledWith("spawn-sandbox", expect.any(Function));
    const again = await runEventJobWithInngest(warmSandboxJob, { sessionId: session.id }, noSpawn);
    expect(again.error).toBeUndefined();
    const sandboxes = await getDb().sandbox.findMany({ where: { sessionId: session.id }, include: { commands: true } });
    expect(sandboxes).toEqual([expect.objectContaining({ status: "pending", commands: [] })]);
  });

  it("dispatch: refuses data without a session id, without retrying", async () => {
    const run = await runEventJobWithInngest(dispatchPromptJob, { sessionId: "" });
    expect(run.error).toMatchObject({ name: "NonRetriableError", message: expect.stringContaining("sessionId") });
  });

  it('watch heartbeats: a sandbox silent for 60 s is lost, and its prompt fails with "sandbox lost"', async () => {
    const { session, message } = await sessionWithPrompt();
    const sandbox = await getDb().sandbox.create({
      data: {
        sessionId: session.id,
        provider: "local",
        status: "ready",
        bootMode: "fresh",
        tokenHash: `test-${message.id}`,
        lastHeartbeatAt: minutesAgo(2),
      },
    });
    await getDb().message.update({
      where: { id: message.id },
      data: { status: "processing", sandboxId: sandbox.id, startedAt: minutesAgo(3) },
    });

    const run = await runScheduledJobWithInngest(watchSandboxesJob);
    expect(run.error).toBeUndefined();
    expect(await getDb().sandbox.findUniqueOrThrow({ where: { id: sandbox.id } })).toMatchObject({
      status: "failed",
      error: expect.stringContaining("no heartbeat"),
    });
    expect(await getDb().message.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({
      status: "failed",
      error: "sandbox lost",
    });
    const events = await getDb().event.findMany({ where: { sessionId: session.id }, orderBy: { seq: "asc" } });
    expect(events.at(-1)).toMatchObject({
      type: "execution_complete",
      messageId: message.id,
      data: { success: false, reason: "sandbox lost" },
    });
    // Four rounds in the minute's tick, 15 s apart.
    expect(run.ctx.step.sleep).toHaveBeenCalledTimes(3);
  });

  it("prune GitHub deliveries: forgets delivery ids older than 30 days, Slack's after a day, expired Slack links and held requests", async () => {
    const [old, recent] = [`old-${randomKey()}`, `recent-${randomKey()}`];
    await getDb().githubDelivery.createMany({
      data: [
        { id: old, event: "issue_comment", receivedAt: minutesAgo(31 * 24 * 60) },
        { id: recent, event: "issue_comment", receivedAt: minutesAgo(29 * 24 * 60) },
      ],
    });
    await getDb().slackEvent.createMany({
      data: [
        { id: old, type: "message", receivedAt: minutesAgo(25 * 60) },
        { id: recent, type: "message", receivedAt: minutesAgo(23 * 60) },
      ],
    });
    await getDb().linearDelivery.createMany({
      data: [
        { id: old, receivedAt: minutesAgo(25 * 60) },
        { id: recent, receivedAt: minutesAgo(23 * 60) },
      ],
    });
    await getDb().accountLinkToken.createMany({
      data: [
        { tokenHash: old, kind: "slack", externalUserId: "U0OLD", teamId: "T0", expiresAt: minutesAgo(1) },
        { tokenHash: recent, kind: "linear", externalUserId: "lin-new", teamId: "org", expiresAt: minutesAgo(-10) },
      ],
    });
    await getDb().slackPendingRequest.createMany({
      data: [
        { id: old, message: {}, slackUserId: "U0OLD", candidates: [], expiresAt: minutesAgo(1) },
        { id: recent, message: {}, slackUserId: "U0NEW", candidates: [], expiresAt: minutesAgo(-10) },
      ],
    });
    const run = await runScheduledJobWithInngest(pruneGithubDeliveriesJob);
    expect(run.error).toBeUndefined();
    const among = { in: [old, recent] };
    expect(await getDb().slackPendingRequest.findMany({ where: { id: among }, select: { id: true } })).toEqual([
      { id: recent },
    ]);
    expect(await getDb().githubDelivery.findMany({ where: { id: among }, select: { id: true } })).toEqual([
      { id: recent },
    ]);
    expect(await getDb().slackEvent.findMany({ where: { id: among }, select: { id: true } })).toEqual([{ id: recent }]);
    expect(await getDb().linearDelivery.findMany({ where: { id: among }, select: { id: true } })).toEqual([
      { id: recent },
    ]);
    expect(
      await getDb().accountLinkToken.findMany({ where: { tokenHash: among }, select: { tokenHash: true } }),
    ).toEqual([{ tokenHash: recent }]);
  });

  it("stop idle sandboxes: a sandbox with nothing to do for 10 minutes is stopped", async () => {
    const user = await createUser();
    const session = await createSessionFor(user);
    const idle = await getDb().sandbox.create({
      data: {
        sessionId: session.id,
        provider: "local",
        status: "ready",
        bootMode: "fresh",
        tokenHash: `idle-${session.id}`,
        lastHeartbeatAt: new Date(),
        lastActivityAt: minutesAgo(11),
      },
    });
    const run = await runScheduledJobWithInngest(stopIdleSandboxesJob);
    expect(run.error).toBeUndefined();
    expect(await getDb().sandbox.findUniqueOrThrow({ where: { id: idle.id } })).toMatchObject({ status: "stopped" });
    const [event] = await getDb().event.findMany({ where: { sessionId: session.id } });
    expect(event).toMatchObject({ type: "sandbox_status", data: { status: "stopped", reason: "idle for 10 minutes" } });
  });
});
