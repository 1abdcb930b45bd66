// The fake of Inngest (tests/fixtures/inngest) against the real SDK's serve handler in production
// mode: what it runs is what the SDK let through its signature check, so a run that completes here
// was called the way Inngest calls. The production-adapters test relies on it.
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Inngest, NonRetriableError } from "inngest";
import { serve } from "inngest/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeInngest, startFakeInngest } from "../../fixtures/inngest/fake-inngest";

const keys = { eventKey: "fake-event-key", signingKey: `signkey-prod-${randomBytes(32).toString("hex")}` };
let fake: FakeInngest;
let app: Server;
let serveUrl: string;
let client: Inngest;
const secondAttempts: number[] = [];
const lane: string[] = [];

function appFunctions(inngest: Inngest) {
  return [
    inngest.createFunction(
      { id: "greet", triggers: [{ event: "test/greet" }], retries: 2 },
      async ({ event, step }) => {
        const first = await step.run("first", () => ({ n: Number(event.data.n) }));
        await step.sleep("nap", "1s");
        const second = await step.run("second", async () => {
          secondAttempts.push(Date.now());
          if (secondAttempts.length === 1) throw new Error("flaky once");
          return 10;
        });
        return { sum: first.n + second };
      },
    ),
    inngest.createFunction({ id: "refuse", triggers: [{ event: "test/refuse" }], retries: 3 }, async () => {
      throw new NonRetriableError("bad data stays bad");
    }),
    inngest.createFunction(
      { id: "lane", triggers: [{ event: "test/lane" }], concurrency: { key: "event.data.key", limit: 1 } },
      async ({ event, step }) => {
        await step.run("work", async () => {
          lane.push(`start ${String(event.data.label)}`);
          await new Promise((resolve) => setTimeout(resolve, 300));
          lane.push(`end ${String(event.data.label)}`);
        });
      },
    ),
    inngest.createFunction(
      { id: "tick", triggers: [{ cron: "* * * * *" }], singleton: { mode: "skip" } },
      async ({ step }) => {
        await step.sleep("between-rounds", "2s");
        return step.run("round", () => "ticked");
      },
    ),
  ];
}

beforeAll(async () => {
  fake = await startFakeInngest({ ...keys, sleepScale: 0.5 });
  client = new Inngest({ id: "fake-check", ...keys, baseUrl: fake.url, isDev: false });
  app = createServer(serve({ client, functions: appFunctions(client) }));
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  serveUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/inngest`;
  await fake.sync(serveUrl);
});

afterAll(async () => {
  app?.closeAllConnections();
  await new Promise((resolve) => app?.close(resolve));
  await fake?.close();
});

const runOf = (eventId: string) => {
  const run = fake.runs.find((candidate) => candidate.event.id === eventId);
  if (!run) throw new Error(`no run for event ${eventId}`);
  return run;
};

describe("the fake Inngest, driving the real SDK", () => {
  it("registers the app's functions, authenticated by its signing key", () => {
    expect(fake.functions.map((fn) => fn.id)).toEqual([
      "fake-check-greet",
      "fake-check-refuse",
      "fake-check-lane",
      "fake-check-tick",
    ]);
  });

  it("runs a function step by step: results replayed, a sleep waited, a failed step retried", async () => {
    const { ids } = await client.send({ name: "test/greet", data: { n: 5 } });
    const run = runOf(ids[0]!);
    await run.done;
    expect(run).toMatchObject({ status: "completed", output: { sum: 15 } });
    expect(run.steps).toEqual(["run:first", "sleep:nap", "error:second", "run:second"]);
    expect(secondAttempts).toHaveLength(2);
    expect(fake.unexpected).toEqual([]);
  });

  it("does not retry a NonRetriableError, and keeps its message", async () => {
    const { ids } = await client.send({ name: "test/refuse", data: {} });
    const run = runOf(ids[0]!);
    await run.done;
    expect(run.status).toBe("failed");
    expect(run.calls).toBe(1);
    expect(run.error).toContain("bad data stays bad");
  });

  it("runs one at a time per concurrency key, and at once across keys", async () => {
    const { ids } = await client.send([
      { name: "test/lane", data: { key: "a", label: "a1" } },
      { name: "test/lane", data: { key: "a", label: "a2" } },
    ]);
    await Promise.all(ids.map((id) => runOf(id).done));
    expect(lane).toEqual(["start a1", "end a1", "start a2", "end a2"]);
  });

  it("fires a cron, skipping a firing while one runs", async () => {
    const firing = fake.fireCron("tick");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await fake.fireCron("tick")).toBeNull();
    expect(await firing).toMatchObject({ status: "completed", output: "ticked" });
  });

  it("refuses events with another event key, and its calls fail the SDK's signature check with another signing key", async () => {
    const stranger = new Inngest({ id: "fake-check", eventKey: "wrong", baseUrl: fake.url, isDev: false });
    await expect(stranger.send({ name: "test/greet", data: { n: 1 } })).rejects.toThrow(/Event key/i);

    const impostor = await startFakeInngest({
      eventKey: keys.eventKey,
      signingKey: `signkey-prod-${randomBytes(32).toString("hex")}`,
    });
    try {
      impostor.functions.push(...fake.functions);
      const viaImpostor = new Inngest({ id: "fake-check", ...keys, baseUrl: impostor.url, isDev: false });
      const { ids } = await viaImpostor.send({ name: "test/refuse", data: {} });
      const run = impostor.runs.find((candidate) => candidate.event.id === ids[0])!;
      await run.done;
      expect(run.status).toBe("failed");
      expect(run.error).toMatch(/^401/);
    } finally {
      await impostor.close();
    }
  });
});
