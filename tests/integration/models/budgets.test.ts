// Budgets at the model gateway: a call starts only while every limit it would be charged to is
// under its amount. Per person and per repository they count across sessions; days and months
// are UTC; a refusal says which limit and how much, reaches no provider, and a raised limit lets
// the next call through. Administrators set the limits; a session's creator may only lower its own.
import { describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/sandbox/models/[provider]/[...path]/route";
import { budgetReached, limitsFor } from "@/server/budgets/budgets";
import { getDb } from "@/server/db";
import { AppError } from "@/server/errors";
import { updateRepositorySettings } from "@/server/repositories/repository-settings";
import { setSessionBudget } from "@/server/sessions/session-budget";
import { updateInstanceSettings } from "@/server/settings/instance-settings";
import { administrator, asActor, createLiveSandbox, createSessionFor, createUser } from "../../factories";
import { startFakeModelServer } from "../../fixtures/fake-model/server";
import { withOwnDatabase } from "../../support/own-database";

vi.hoisted(() => {
  // Each of the fake's answers (120 tokens in, 30 out) costs $0.15 at this stated price.
  process.env.NIGHTSHIFT_MODEL_PRICE = "1000,1000";
});

// Limits apply to everything in a database: this file's are its own.
withOwnDatabase();

/** Calls the gateway as the sandbox's OpenCode would; the answer's status and, if refused, why. */
async function callModel(gatewayToken: string): Promise<{ status: number; message?: string; code?: string }> {
  const response = await POST(
    new Request("http://127.0.0.1/api/sandbox/models/custom/chat/completions", {
      method: "POST",
      headers: { authorization: `Bearer ${gatewayToken}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "fake-coder", messages: [{ role: "user", content: "Hello" }] }),
    }),
    { params: Promise.resolve({ provider: "custom", path: ["chat", "completions"] }) },
  );
  const body = (await response.json()) as { error?: { message: string; code: string } };
  return { status: response.status, message: body.error?.message, code: body.error?.code };
}

/** A session of `user` (on a repository of its own, or `repositoryId`) with a live sandbox. */
async function sandboxOf(user: { id: string }, repositoryId?: string) {
  const session = repositoryId
    ? await (await import("@/server/sessions/create-session")).createSession({ repositoryId, actor: asActor(user) })
    : await createSessionFor(user);
  const { gatewayToken } = await createLiveSandbox(session.id);
  return { session, gatewayToken };
}

async function withModel<T>(run: (requests: () => number) => Promise<T>): Promise<T> {
  const model = await startFakeModelServer({ port: Number(new URL(process.env.NIGHTSHIFT_MODEL_BASE_URL!).port) });
  try {
    return await run(() => model.requests.length);
  } finally {
    await model.close();
  }
}

async function resetLimits() {
  const admin = asActor(await administrator());
  await updateInstanceSettings({
    actor: admin,
    settings: { sessionBudgetUsd: null, personDailyBudgetUsd: null, personMonthlyBudgetUsd: null },
  });
  return admin;
}

describe("budgets at the model gateway", () => {
  it("a person's daily limit counts their calls in every session, and no one else's", async () => {
    const admin = await resetLimits();
    await updateInstanceSettings({ actor: admin, settings: { personDailyBudgetUsd: 0.2 } });
    const [ada, bob] = [await createUser(), await createUser()];
    const first = await sandboxOf(ada);
    const second = await sandboxOf(ada);
    const theirs = await sandboxOf(bob);
    await withModel(async (requests) => {
      expect((await callModel(first.gatewayToken)).status).toBe(200);
      // $0.15 spent, under $0.20: this call starts, and passes the limit.
      expect((await callModel(first.gatewayToken)).status).toBe(200);
      const asked = requests();
      expect(await callModel(second.gatewayToken)).toEqual({
        status: 402,
        code: "BUDGET_REACHED",
        message: "budget reached: daily limit per person, $0.20",
      });
      expect(requests()).toBe(asked);
      expect((await callModel(theirs.gatewayToken)).status).toBe(200);

      // Raised, the next call goes through.
      await updateInstanceSettings({ actor: admin, settings: { personDailyBudgetUsd: 1 } });
      expect((await callModel(second.gatewayToken)).status).toBe(200);
    });
  });

  it("a repository's monthly limit counts every session on it, whoever prompted", async () => {
    const admin = await resetLimits();
    const [ada, bob] = [await createUser(), await createUser()];
    const first = await sandboxOf(ada);
    const repositoryId = first.session.repository.id;
    await updateRepositorySettings({ repositoryId, actor: admin, settings: { monthlyBudgetUsd: 0.1 } });
    const second = await sandboxOf(bob, repositoryId);
    const elsewhere = await sandboxOf(bob);
    await withModel(async () => {
      expect((await callModel(first.gatewayToken)).status).toBe(200);
      expect(await callModel(second.gatewayToken)).toMatchObject({
        status: 402,
        message: "budget reached: repository's monthly limit, $0.10",
      });
      expect((await callModel(elsewhere.gatewayToken)).status).toBe(200);
    });
    // Those who may write to the repository cannot change its budget; administrators can.
    await expect(
      updateRepositorySettings({ repositoryId, actor: asActor(ada), settings: { monthlyBudgetUsd: 100 } }),
    ).rejects.toThrow("Only an administrator can change a repository's monthly budget");
    await expect(
      updateRepositorySettings({ repositoryId, actor: asActor(ada), settings: { monthlyBudgetUsd: 0.1 } }),
    ).resolves.toMatchObject({ monthlyBudgetUsd: 0.1 });
  });

  it("a session's own limit: only lower than the administrators', set by its creator", async () => {
    const admin = await resetLimits();
    await updateInstanceSettings({ actor: admin, settings: { sessionBudgetUsd: 5 } });
    const [ada, bob] = [await createUser(), await createUser()];
    const { session, gatewayToken } = await sandboxOf(ada);
    const own = { sessionId: session.id, actor: asActor(ada) };

    const tooHigh = await setSessionBudget({ ...own, budgetUsd: 6 }).catch((error: unknown) => error);
    expect(tooHigh).toBeInstanceOf(AppError);
    expect((tooHigh as AppError).fieldErrors).toEqual({
      budgetUsd: ["A session's own limit can only be lower than the $5.00 every session has."],
    });
    await expect(setSessionBudget({ ...own, actor: asActor(bob), budgetUsd: 1 })).rejects.toThrow(
      "Only the person who started this session, or an administrator, can set its limit.",
    );
    expect(await setSessionBudget({ ...own, budgetUsd: 0.1 })).toEqual({
      limitUsd: 0.1,
      ownLimitUsd: 0.1,
      sessionLimitUsd: 5,
      canChange: true,
    });
    await withModel(async () => {
      expect((await callModel(gatewayToken)).status).toBe(200);
      expect((await callModel(gatewayToken)).message).toBe("budget reached: this session's own limit, $0.10");
    });
  });

  it("days and months are UTC calendar days and months", async () => {
    await resetLimits();
    const admin = asActor(await administrator());
    await updateInstanceSettings({
      actor: admin,
      settings: { personDailyBudgetUsd: 0.5, personMonthlyBudgetUsd: 1 },
    });
    const ada = await createUser();
    const { session } = await sandboxOf(ada);
    const spent = (createdAt: string, usd: number) =>
      getDb().modelCall.create({
        data: {
          sessionId: session.id,
          userId: ada.id,
          repositoryId: session.repository.id,
          provider: "custom",
          model: "fake-coder",
          status: 200,
          costMicros: BigInt(usd * 1_000_000),
          durationMs: 1,
          createdAt: new Date(createdAt),
        },
      });
    await spent("2026-11-30T23:59:59Z", 5); // last month
    await spent("2026-12-14T23:00:00Z", 0.6); // yesterday
    const charged = { sessionId: session.id, userId: ada.id, repositoryId: session.repository.id };
    const at = async (now: string) => budgetReached(charged, await limitsFor(charged, getDb()), getDb(), new Date(now));
    expect(await at("2026-12-15T00:30:00Z")).toBeNull();
    expect(await at("2026-12-14T23:30:00Z")).toBe("budget reached: daily limit per person, $0.50");
    await spent("2026-12-15T00:10:00Z", 0.45);
    expect(await at("2026-12-15T00:30:00Z")).toBe("budget reached: monthly limit per person, $1.00");
  });

  it("the administrators' limits are checked as amounts", async () => {
    const admin = await resetLimits();
    for (const [value, message] of [
      [0, "The session limit must be more than $0; clear it for no limit."],
      [-1, "The session limit must be more than $0; clear it for no limit."],
      [0.1234567, "The session limit can have at most six decimal places."],
      [2_000_000, "The session limit can be at most $1,000,000."],
    ] as const) {
      const { instanceSettingsPatch } = await import("@/server/settings/schemas");
      const parsed = instanceSettingsPatch.safeParse({ sessionBudgetUsd: value });
      expect(parsed.error?.issues[0]?.message).toBe(message);
    }
    await expect(
      updateInstanceSettings({ actor: asActor(await createUser()), settings: { sessionBudgetUsd: 1 } }),
    ).rejects.toThrow("Only an administrator can change Nightshift's settings");
    expect(
      (await updateInstanceSettings({ actor: admin, settings: { sessionBudgetUsd: 2.5 } })).settings,
    ).toMatchObject({ sessionBudgetUsd: 2.5 });
  });
});
