// How an automation run ends, with its session and prompt real and the sandbox's part played by
// writing what the sandbox layer writes: a lost sandbox or a provider's 5xx is retried in the
// same session after a backoff, the agent's own failure is not, and a run past 90 minutes is
// stopped and fails saying so.
import { describe, expect, it } from "vitest";
import { fireAutomation } from "@/server/automations/fire-automation";
import { settleSessionRun, startAutomationRun } from "@/server/automations/run-automation";
import { RUN_TIME_LIMIT_MINUTES, tickAutomations } from "@/server/automations/scheduler";
import { getDb } from "@/server/db";
import { createLocalRepository, createUser } from "../../factories";
import { makeAutomation } from "../../support/automations";

/** A fired automation whose run's session is open, its prompt processing as a sandbox would have it. */
async function runningRun() {
  const owner = await createUser();
  const repository = await createLocalRepository(owner.id);
  const { id } = await makeAutomation(owner, {
    instructions: "Tidy the README.",
    targets: [{ repositoryId: repository.id }],
    trigger: { type: "webhook" },
  });
  const fired = await fireAutomation({ automationId: id, source: "webhook" });
  if (fired.status !== "fired") throw new Error("not fired");
  const { id: runId } = await getDb().automationRun.findFirstOrThrow({ where: { firingId: fired.firingId } });
  await startAutomationRun(runId);
  return { runId, firingId: fired.firingId, automationId: id };
}

async function runOf(runId: string) {
  return getDb().automationRun.findUniqueOrThrow({ where: { id: runId } });
}

/** Ends the run's current prompt as the sandbox layer would, then lets the run settle. */
async function promptEnds(runId: string, status: "completed" | "failed", error: string | null = null) {
  const run = await runOf(runId);
  await getDb().message.update({
    where: { id: run.messageId! },
    data: { status, error, startedAt: new Date(), finishedAt: new Date() },
  });
  await settleSessionRun(run.sessionId!);
}

describe("an automation run", () => {
  it("opens its session as the owner with the instructions, and completes with its prompt", async () => {
    const { runId, firingId } = await runningRun();
    const run = await runOf(runId);
    expect(run).toMatchObject({ status: "running", attempt: 1 });
    const message = await getDb().message.findUniqueOrThrow({ where: { id: run.messageId! } });
    expect(message).toMatchObject({ source: "automation", content: "Tidy the README." });
    await startAutomationRun(runId);
    expect(await getDb().message.count({ where: { sessionId: run.sessionId! } })).toBe(1);
    await promptEnds(runId, "completed");
    expect(await runOf(runId)).toMatchObject({ status: "completed" });
    const firing = await getDb().automationFiring.findUniqueOrThrow({ where: { id: firingId } });
    expect(firing).toMatchObject({ status: "completed", exclusive: false });
  });

  it("is retried in the same session when the sandbox was lost, after a backoff, and fails for good on the third try", async () => {
    const { runId, firingId } = await runningRun();
    await promptEnds(runId, "failed", "sandbox lost");
    const waiting = await runOf(runId);
    expect(waiting).toMatchObject({ status: "retrying", failureReason: "sandbox lost" });
    const backoff = (waiting.retryAt!.getTime() - Date.now()) / 60_000;
    expect(backoff).toBeGreaterThan(0.9);
    expect(backoff).toBeLessThanOrEqual(1);

    await tickAutomations(getDb(), new Date());
    expect(await runOf(runId)).toMatchObject({ status: "retrying" });
    await tickAutomations(getDb(), new Date(waiting.retryAt!.getTime() + 1000));
    const second = await runOf(runId);
    expect(second).toMatchObject({ status: "running", attempt: 2, sessionId: waiting.sessionId });
    expect(second.messageId).not.toBe(waiting.messageId);

    // The provider answered 503 on the prompt's last model call: the platform's failure too.
    await getDb().modelCall.create({
      data: {
        sessionId: second.sessionId!,
        messageId: second.messageId!,
        repositoryId: (await getDb().session.findUniqueOrThrow({ where: { id: second.sessionId! } })).repositoryId,
        provider: "anthropic",
        model: "claude-sonnet-4-5",
        status: 503,
        durationMs: 120,
      },
    });
    await promptEnds(runId, "failed", "The model call failed.");
    const third = await runOf(runId);
    expect(third.status).toBe("retrying");
    expect((third.retryAt!.getTime() - Date.now()) / 60_000).toBeGreaterThan(4.9);
    await tickAutomations(getDb(), new Date(third.retryAt!.getTime() + 1000));
    expect(await runOf(runId)).toMatchObject({ status: "running", attempt: 3 });

    await promptEnds(runId, "failed", "sandbox lost");
    expect(await runOf(runId)).toMatchObject({ status: "failed", failureReason: "sandbox lost" });
    const firing = await getDb().automationFiring.findUniqueOrThrow({ where: { id: firingId } });
    expect(firing.status).toBe("failed");
    expect(await getDb().message.count({ where: { sessionId: second.sessionId! } })).toBe(3);
  });

  it("is not retried when the agent itself failed", async () => {
    const { runId } = await runningRun();
    await promptEnds(runId, "failed", "the agent run failed");
    expect(await runOf(runId)).toMatchObject({ status: "failed", failureReason: "the agent run failed", attempt: 1 });
  });

  it(`fails, stopped, once it has run ${RUN_TIME_LIMIT_MINUTES} minutes`, async () => {
    const { runId, firingId } = await runningRun();
    const run = await runOf(runId);
    await getDb().message.update({
      where: { id: run.messageId! },
      data: { status: "processing", startedAt: new Date() },
    });
    await tickAutomations(getDb(), new Date(Date.now() + (RUN_TIME_LIMIT_MINUTES - 1) * 60_000));
    expect((await runOf(runId)).status).toBe("running");
    await tickAutomations(getDb(), new Date(Date.now() + (RUN_TIME_LIMIT_MINUTES + 1) * 60_000));
    expect(await runOf(runId)).toMatchObject({ status: "failed", failureReason: "timed out after 90 minutes" });
    // No sandbox holds the prompt here, so it is ended at once, with the same reason.
    const message = await getDb().message.findUniqueOrThrow({ where: { id: run.messageId! } });
    expect(message).toMatchObject({ status: "failed", error: "timed out after 90 minutes" });
    expect((await getDb().automationFiring.findUniqueOrThrow({ where: { id: firingId } })).status).toBe("failed");
  });
});
