// The pg-boss adapter against the real database: a process that only sends (a script, a request
// handler before the workers start) creates the job's queue from its event alone, and workers
// started later in another process work what it sent.
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { getEnv } from "@/server/env";
import { defineEventJob, defineJobEvent } from "@/server/jobs/job";
import { type PgBossJobs, startPgBossJobs } from "@/server/jobs/pgboss/pgboss-jobs";

const started: PgBossJobs[] = [];
afterEach(async () => {
  for (const jobs of started.splice(0)) await jobs.stop();
});

async function start(schema: string, jobs: Parameters<typeof startPgBossJobs>[0]["jobs"]) {
  const boss = await startPgBossJobs({ connectionString: getEnv().DATABASE_URL!, schema, jobs });
  started.push(boss);
  return boss;
}

const greetEvent = defineJobEvent({
  name: "test-greet",
  data: z.object({ sessionId: z.string().min(1), name: z.string() }),
  concurrencyKey: "sessionId",
  retries: 0,
});

describe("pg-boss: sending apart from working", () => {
  it("queues a job from a process without workers, for workers started later", async () => {
    const schema = `pgboss_test_${randomBytes(4).toString("hex")}`;
    const sender = await start(schema, []);
    await sender.send(greetEvent, { sessionId: "s1", name: "Ada" });
    await expect(sender.send(greetEvent, { sessionId: "", name: "Ada" })).rejects.toThrow(
      /test-greet: invalid data: sessionId:/,
    );

    const greeted: string[] = [];
    const greetJob = defineEventJob(greetEvent, async ({ name }, { step }) => {
      await step("greet", async () => {
        greeted.push(name);
      });
    });
    await start(schema, [greetJob]);
    await vi.waitFor(() => expect(greeted).toEqual(["Ada"]), { timeout: 10_000, interval: 100 });
  });
});

describe("pg-boss: jobs that share a concurrency key", () => {
  const events = (whileWaiting: "collapse" | "queue") =>
    defineJobEvent({
      name: `test-keyed-${whileWaiting}`,
      data: z.object({ threadKey: z.string().min(1), name: z.string() }),
      concurrencyKey: "threadKey",
      whileWaiting,
      retries: 0,
    });

  it("keeps every waiting job of a `queue` event and runs them one at a time, in order", async () => {
    const schema = `pgboss_test_${randomBytes(4).toString("hex")}`;
    const event = events("queue");
    const sender = await start(schema, []);
    for (const name of ["first", "second", "third"]) await sender.send(event, { threadKey: "C1/1", name });
    await sender.send(event, { threadKey: "C1/2", name: "elsewhere" });
    const log: string[] = [];
    let running = 0;
    let overlapped = false;
    const job = defineEventJob(event, async ({ threadKey, name }) => {
      if (threadKey !== "C1/1") return void log.push(name);
      running += 1;
      overlapped ||= running > 1;
      await new Promise((resolve) => setTimeout(resolve, 150));
      log.push(name);
      running -= 1;
    });
    await start(schema, [job]);
    await vi.waitFor(() => expect(log).toHaveLength(4), { timeout: 15_000, interval: 100 });
    expect(log.filter((name) => name !== "elsewhere")).toEqual(["first", "second", "third"]);
    expect(overlapped).toBe(false);
  });

  it("drops a `collapse` event's repeat while one with its key waits", async () => {
    const schema = `pgboss_test_${randomBytes(4).toString("hex")}`;
    const event = events("collapse");
    const sender = await start(schema, []);
    for (const name of ["first", "second"]) await sender.send(event, { threadKey: "S1", name });
    const ran: string[] = [];
    await start(schema, [defineEventJob(event, async ({ name }) => void ran.push(name))]);
    await vi.waitFor(() => expect(ran).toEqual(["first"]), { timeout: 10_000, interval: 100 });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(ran).toEqual(["first"]);
  });
});
