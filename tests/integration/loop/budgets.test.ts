// Budgets with the real OpenCode: an agent stuck repeating a failing command is stopped by its
// session's limit — the gateway refuses the call that would start past it, the prompt fails
// saying which limit and how much, and the session takes the next prompt once the limit is raised.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/server/db";
import { updateInstanceSettings } from "@/server/settings/instance-settings";
import { getSession } from "@/server/sessions/get-session";
import { setSessionBudget } from "@/server/sessions/session-budget";
import { asActor } from "../../factories";
import { newLoopSession, sendPrompt, waitForMessage, withSessionLoop } from "../../support/session-loop";

vi.hoisted(() => {
  // The custom endpoint's stated price: each of the fake's answers (120 tokens in, 30 out) costs $0.15.
  process.env.NIGHTSHIFT_MODEL_PRICE = "1000,1000";
});
const CALL_MICROS = 150_000n;

const loop = withSessionLoop();

/** A runaway agent: the same failing command, again and again. */
const RUNAWAY = Array.from({ length: 30 }, () => ({
  toolCalls: [{ name: "bash", arguments: { command: "false", description: "Try again" } }],
}));

async function spentMicros(sessionId: string): Promise<bigint> {
  const { _sum } = await getDb().modelCall.aggregate({ where: { sessionId }, _sum: { costMicros: true } });
  return _sum.costMicros ?? 0n;
}

beforeEach(async () => {
  await getDb().instanceSettings.deleteMany();
});

describe("a session's budget", () => {
  it("stops a runaway prompt with the limit's reason; raised, the next prompt runs", { timeout: 180_000 }, async () => {
    const { user, session } = await newLoopSession();
    await setSessionBudget({ sessionId: session.id, actor: asActor(user), budgetUsd: 0.5 });
    loop.model.script(RUNAWAY);
    const runaway = await sendPrompt(session.id, user.id, "Make the tests pass");

    const failed = await waitForMessage(runaway.id, ["completed", "failed"], 120_000);
    expect(failed).toMatchObject({ status: "failed", error: "budget reached: this session's own limit, $0.50" });
    // The loop was cut short: it spent its budget and at most the one call under way when it did.
    const spent = await spentMicros(session.id);
    expect(spent).toBeGreaterThanOrEqual(500_000n);
    expect(spent).toBeLessThan(500_000n + CALL_MICROS);
    const asked = loop.model.requests.filter((request) => !request.isTitleRequest).length;
    expect(asked).toBeLessThan(RUNAWAY.length);
    // The prompt's own usage: the calls that served it, and what they cost.
    const { promptUsage } = await getSession({ sessionId: session.id, actor: asActor(user) });
    const served = await getDb().modelCall.findMany({ where: { messageId: runaway.id } });
    expect(served.length).toBeGreaterThan(1);
    expect(promptUsage[runaway.id]).toMatchObject({
      calls: served.length,
      tokens: served.length * 150,
      unpricedCalls: 0,
    });
    expect(promptUsage[runaway.id]!.costUsd).toBeCloseTo(served.length * 0.15, 6);

    await setSessionBudget({ sessionId: session.id, actor: asActor(user), budgetUsd: null });
    loop.model.script([{ text: "Fixed it." }]);
    const next = await sendPrompt(session.id, user.id, "Try once more");
    expect(await waitForMessage(next.id, ["completed", "failed"], 120_000)).toMatchObject({ status: "completed" });
  });

  it("an administrators' session limit stops the prompt too, named as such", { timeout: 180_000 }, async () => {
    const { user, session } = await newLoopSession();
    const admin = { ...asActor(user), isAdmin: true };
    await updateInstanceSettings({ actor: admin, settings: { sessionBudgetUsd: 0.2 } });
    loop.model.script(RUNAWAY);
    const runaway = await sendPrompt(session.id, user.id, "Make the tests pass");
    expect(await waitForMessage(runaway.id, ["completed", "failed"], 120_000)).toMatchObject({
      status: "failed",
      error: "budget reached: session limit, $0.20",
    });
  });
});
