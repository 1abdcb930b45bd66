// The scheduler's tick against the real database, at chosen moments: a schedule fires for each
// occurrence once, in its own time zone across daylight-saving changes; concurrent ticks and a
// "Run now" at the same moment start one run; an overlapping occurrence is recorded as skipped;
// a restart after downtime fires the missed schedule once.
import { describe, expect, it } from "vitest";
import { fireAutomation, runAutomationNow } from "@/server/automations/fire-automation";
import { endRun } from "@/server/automations/run-automation";
import { tickAutomations } from "@/server/automations/scheduler";
import { getDb } from "@/server/db";
import { AppError } from "@/server/errors";
import { asActor, createLocalRepository, createUser } from "../../factories";
import { firingsOf, makeAutomation } from "../../support/automations";

async function scheduled(cron: string, timeZone = "UTC") {
  const owner = await createUser();
  const repository = await createLocalRepository(owner.id);
  const { id } = await makeAutomation(owner, {
    targets: [{ repositoryId: repository.id }],
    trigger: { type: "schedule", cron, timeZone },
  });
  return { id, owner };
}

/** Its next run, moved to `at` (as if the clock had reached it). */
async function dueAt(automationId: string, at: Date) {
  await getDb().automation.update({ where: { id: automationId }, data: { nextRunAt: at } });
}

/** Ends every run of the firing, as their prompts ending would. */
async function finish(firingId: string) {
  const runs = await getDb().automationRun.findMany({ where: { firingId } });
  for (const run of runs) await endRun(run.id, "completed", null);
}

const local = (date: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", timeZoneName: "short" }).format(
    date,
  );

describe("the scheduler", () => {
  it("fires a daily 09:00 Europe/Berlin schedule at 09:00 local on both sides of a daylight-saving change", async () => {
    const { id } = await scheduled("0 9 * * *", "Europe/Berlin");
    // Spring forward (29 March 2026) and fall back (25 October 2026).
    for (const [before, after] of [
      ["2026-03-28T08:00:00Z", "2026-03-29T07:00:00Z"],
      ["2026-10-24T07:00:00Z", "2026-10-25T08:00:00Z"],
    ] as const) {
      await dueAt(id, new Date(before));
      await tickAutomations(getDb(), new Date(new Date(before).getTime() + 20_000));
      const { nextRunAt } = await getDb().automation.findUniqueOrThrow({ where: { id } });
      expect(nextRunAt?.toISOString()).toBe(new Date(after).toISOString());
      const firings = await firingsOf(id);
      await finish(firings.at(-1)!.id);
      await tickAutomations(getDb(), new Date(new Date(after).getTime() + 20_000));
      const fired = (await firingsOf(id)).slice(-2).map((firing) => firing.scheduledFor!);
      expect(fired.map((at) => at.toISOString())).toEqual([
        new Date(before).toISOString(),
        new Date(after).toISOString(),
      ]);
      expect(fired.map((at) => local(at, "Europe/Berlin"))).toEqual(
        before.startsWith("2026-03") ? ["09:00 CET", "09:00 CEST"] : ["09:00 CEST", "09:00 CET"],
      );
      await finish((await firingsOf(id)).at(-1)!.id);
    }
  });

  it("fires an occurrence once when ticks overlap, and not before it is due", async () => {
    const { id } = await scheduled("0 6 * * *");
    const due = new Date("2026-06-01T06:00:00Z");
    await dueAt(id, due);
    await tickAutomations(getDb(), new Date(due.getTime() - 1000));
    expect(await firingsOf(id)).toHaveLength(0);
    const now = new Date(due.getTime() + 5000);
    await Promise.all([tickAutomations(getDb(), now), tickAutomations(getDb(), now), tickAutomations(getDb(), now)]);
    const firings = await firingsOf(id);
    expect(firings).toHaveLength(1);
    expect(firings[0]).toMatchObject({ source: "schedule", status: "running", scheduledFor: due });
    expect(firings[0]!.runs).toHaveLength(1);
  });

  it("starts one run when a tick and a Run now race, every time", async () => {
    for (let round = 0; round < 8; round += 1) {
      const { id, owner } = await scheduled("0 6 * * *");
      const due = new Date("2026-06-01T06:00:00Z");
      await dueAt(id, due);
      const [tick, manual] = await Promise.allSettled([
        tickAutomations(getDb(), new Date(due.getTime() + 1000)),
        runAutomationNow(id, asActor(owner)),
      ]);
      expect(tick.status).toBe("fulfilled");
      const firings = await firingsOf(id);
      const running = firings.filter((firing) => firing.status === "running");
      expect(running).toHaveLength(1);
      expect(running[0]!.runs).toHaveLength(1);
      if (manual.status === "rejected") {
        expect(manual.reason).toBeInstanceOf(AppError);
        expect((manual.reason as AppError).code).toBe("CONFLICT");
        expect(firings).toHaveLength(1);
      } else {
        // Run now won: the tick's occurrence is on record as skipped, and says why.
        expect(firings.map((firing) => [firing.source, firing.status, firing.skipReason])).toEqual(
          expect.arrayContaining([
            ["manual", "running", null],
            ["schedule", "skipped", "the previous run is still going"],
          ]),
        );
      }
    }
  });

  it("records an occurrence as skipped while the previous run is still going, then fires the next", async () => {
    const { id } = await scheduled("0 * * * *");
    const first = new Date("2026-06-01T06:00:00Z");
    await dueAt(id, first);
    await tickAutomations(getDb(), new Date(first.getTime() + 1000));
    const second = new Date("2026-06-01T07:00:00Z");
    await tickAutomations(getDb(), new Date(second.getTime() + 1000));
    let firings = await firingsOf(id);
    expect(firings.map((firing) => [firing.status, firing.skipReason])).toEqual([
      ["running", null],
      ["skipped", "the previous run is still going"],
    ]);
    await finish(firings[0]!.id);
    await tickAutomations(getDb(), new Date("2026-06-01T08:00:01Z"));
    firings = await firingsOf(id);
    expect(firings.map((firing) => firing.status)).toEqual(["completed", "skipped", "running"]);
  });

  it("after a restart, fires a schedule missed while down once, and plans the next from now", async () => {
    const { id } = await scheduled("0 * * * *");
    await dueAt(id, new Date("2026-06-01T01:00:00Z"));
    // Down from 00:30 to 05:10: four occurrences passed.
    await tickAutomations(getDb(), new Date("2026-06-01T05:10:00Z"));
    await tickAutomations(getDb(), new Date("2026-06-01T05:10:30Z"));
    const firings = await firingsOf(id);
    expect(firings).toHaveLength(1);
    expect(firings[0]!.scheduledFor).toEqual(new Date("2026-06-01T01:00:00Z"));
    const { nextRunAt } = await getDb().automation.findUniqueOrThrow({ where: { id } });
    expect(nextRunAt).toEqual(new Date("2026-06-01T06:00:00Z"));
  });

  it("runs a paused automation on Run now, without moving its schedule", async () => {
    const { id, owner } = await scheduled("0 6 * * *");
    await getDb().automation.update({ where: { id }, data: { enabled: false, nextRunAt: null } });
    const fired = await runAutomationNow(id, asActor(owner));
    expect(fired.status).toBe("fired");
    const row = await getDb().automation.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ enabled: false, nextRunAt: null });
    const stranger = await createUser();
    await expect(runAutomationNow(id, asActor(stranger))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("fires a webhook's event firings side by side, but a trigger key once", async () => {
    const { id } = await scheduled("0 6 * * *");
    const results = await Promise.all(
      Array.from({ length: 4 }, () => fireAutomation({ automationId: id, source: "webhook", triggerKey: "same" })),
    );
    expect(results.filter((result) => result.status === "fired")).toHaveLength(1);
    expect(results.filter((result) => result.status === "duplicate")).toHaveLength(3);
    await fireAutomation({ automationId: id, source: "webhook" });
    await fireAutomation({ automationId: id, source: "webhook" });
    expect((await firingsOf(id)).filter((firing) => firing.status === "running")).toHaveLength(3);
  });
});
