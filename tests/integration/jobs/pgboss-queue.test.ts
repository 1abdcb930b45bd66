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
