import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { defineEventJob, defineJobEvent, defineScheduledJob } from "@/server/jobs/job";
import { InngestQueue } from "@/server/jobs/inngest/queue";
import {
  type InngestRun,
  inngestFunctionFor,
  runEventJobWithInngest,
  runScheduledJobWithInngest,
} from "@/tests/support/inngest";

function recordingEventJob(log: string[], options: { concurrencyKey?: "sessionId"; retries?: number } = {}) {
  const event = defineJobEvent({
    name: "test-dispatch",
    data: z.object({ sessionId: z.string(), count: z.number().int() }),
    retries: options.retries ?? 2,
    concurrencyKey: options.concurrencyKey,
  });
  return defineEventJob(event, async (data, { step, attempt }) => {
    const doubled = await step("double-count", async () => {
      log.push(`double ${data.count} (attempt ${attempt})`);
      return data.count * 2;
    });
    await step("record-result", async () => {
      log.push(`record ${data.sessionId} ${doubled}`);
    });
  });
}

describe("Inngest adapter: event jobs", () => {
  it("runs each step once, in order, with the step's result replayed to the next", async () => {
    const log: string[] = [];
    const { error, ctx } = await runEventJobWithInngest(recordingEventJob(log), { sessionId: "s1", count: 21 });

    expect(error).toBeUndefined();
    expect(log).toEqual(["double 21 (attempt 1)", "record s1 42"]);
    expect(ctx.step.run).toHaveBeenCalledWith("double-count", expect.any(Function));
    expect(ctx.step.run).toHaveBeenCalledWith("record-result", expect.any(Function));
  });

  it("fails without retrying, naming the field, when the event's data is invalid", async () => {
    const log: string[] = [];
    const { error } = await runEventJobWithInngest(recordingEventJob(log), { sessionId: "s1", count: "many" });

    expect(error).toMatchObject({ name: "NonRetriableError", message: expect.stringContaining("count:") });
    expect(log).toEqual([]);
  });

  it("surfaces a failing step's error", async () => {
    const job = defineEventJob(
      defineJobEvent({ name: "test-failing", data: z.object({}), retries: 0 }),
      async (_data, { step }) => {
        await step("call-outside", async () => {
          throw new Error("outside service is down");
        });
      },
    );
    const { error } = await runEventJobWithInngest(job, {});
    expect(error).toMatchObject({ message: expect.stringContaining("outside service is down") });
  });

  it("is triggered by nightshift/<name>, with its retries and a concurrency of one per key", () => {
    const fn = inngestFunctionFor(recordingEventJob([], { concurrencyKey: "sessionId", retries: 5 }));
    expect(fn.id()).toBe("test-dispatch");
    expect(fn.opts.triggers).toEqual([{ event: "nightshift/test-dispatch" }]);
    expect(fn.opts.retries).toBe(5);
    expect(fn.opts.concurrency).toEqual({ key: "event.data.sessionId", limit: 1 });
  });

  it("leaves concurrency unlimited without a concurrency key, and refuses retries Inngest cannot do", () => {
    expect(inngestFunctionFor(recordingEventJob([])).opts.concurrency).toBeUndefined();
    expect(() => inngestFunctionFor(recordingEventJob([], { retries: 21 }))).toThrow(
      "test-dispatch: Inngest allows 0 to 20 retries, not 21",
    );
  });
});

/** The step tools the last replay called, in call order (it replays every step once). */
function stepsInOrder(ctx: InngestRun["ctx"]): string[] {
  const runs = ctx.step.run.mock;
  const sleeps = ctx.step.sleep.mock;
  return [
    ...runs.calls.map(([id], index) => ({ order: runs.invocationCallOrder[index] ?? 0, label: String(id) })),
    ...sleeps.calls.map(([id, time], index) => ({
      order: sleeps.invocationCallOrder[index] ?? 0,
      label: `${String(id)} ${String(time)}`,
    })),
  ]
    .sort((a, b) => a.order - b.order)
    .map(({ label }) => label);
}

describe("Inngest adapter: scheduled jobs", () => {
  function recordingScheduledJob(log: string[], everySeconds: number) {
    return defineScheduledJob({
      name: "test-sweep",
      everySeconds,
      run: async ({ step }) => {
        await step("sweep", async () => {
          log.push("sweep");
        });
      },
    });
  }

  it("runs a 15-second job four times per one-minute tick, sleeping 15 seconds between rounds", async () => {
    const log: string[] = [];
    const job = recordingScheduledJob(log, 15);
    const { error, ctx } = await runScheduledJobWithInngest(job);

    expect(error).toBeUndefined();
    expect(log).toEqual(["sweep", "sweep", "sweep", "sweep"]);
    expect(inngestFunctionFor(job).opts.triggers).toEqual([{ cron: "* * * * *" }]);
    expect(stepsInOrder(ctx)).toEqual([
      "round-1:sweep",
      "round-2:wait 15s",
      "round-2:sweep",
      "round-3:wait 15s",
      "round-3:sweep",
      "round-4:wait 15s",
      "round-4:sweep",
    ]);
  });

  it("runs a whole-minute job once per tick on a matching cron", async () => {
    const log: string[] = [];
    const job = recordingScheduledJob(log, 300);
    const { error, ctx } = await runScheduledJobWithInngest(job);

    expect(error).toBeUndefined();
    expect(log).toEqual(["sweep"]);
    expect(ctx.step.sleep).not.toHaveBeenCalled();
    expect(inngestFunctionFor(job).opts.triggers).toEqual([{ cron: "*/5 * * * *" }]);
    expect(inngestFunctionFor(recordingScheduledJob([], 7200)).opts.triggers).toEqual([{ cron: "0 */2 * * *" }]);
  });
});

describe("InngestQueue", () => {
  it("sends the job's event with its validated data", async () => {
    const send = vi.fn().mockResolvedValue({ ids: ["event-1"] });
    const queue = new InngestQueue({ send });

    await queue.send(recordingEventJob([]), { sessionId: "s1", count: 3 });

    expect(queue.adapter).toBe("inngest");
    expect(send).toHaveBeenCalledWith({ name: "nightshift/test-dispatch", data: { sessionId: "s1", count: 3 } });
  });

  it("refuses invalid data, naming the field, and sends nothing", async () => {
    const send = vi.fn();
    const queue = new InngestQueue({ send });
    const job = recordingEventJob([]);

    await expect(queue.send(job, { sessionId: 7 } as unknown as { sessionId: string; count: number })).rejects.toThrow(
      /test-dispatch: invalid data: sessionId: .*; count: /,
    );
    expect(send).not.toHaveBeenCalled();
  });
});
