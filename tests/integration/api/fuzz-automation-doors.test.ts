// The doors that fire automations from outside, fuzzed as tests/integration/api/fuzz-doors.test.ts
// fuzzes the others: malformed bodies, content types, keys and Sentry signatures must each get a
// 4xx (or a 200 that fired nothing), never a 5xx or a hang.
import { createHmac, randomBytes } from "node:crypto";
import { describe, it } from "vitest";
import { POST as webhookPost } from "@/app/api/webhooks/automations/[id]/route";
import { POST as sentryPost } from "@/app/api/webhooks/sentry/[id]/route";
import { createLocalRepository, createUser } from "../../factories";
import eventAlert from "../../fixtures/sentry/event-alert-triggered.json";
import issueCreated from "../../fixtures/sentry/issue-created.json";
import { makeAutomation } from "../../support/automations";
import {
  brokenBody,
  contentType,
  expectNoFailures,
  type FuzzCase,
  fuzzDoor,
  mutate,
  randomFor,
  weirdHeaderValue,
  WEIRD_STRINGS,
} from "../../support/fuzz";

const CASES = 80;
const SENTRY_SECRET = "fuzz-sentry-client-secret";

async function automations() {
  const owner = await createUser();
  const repository = await createLocalRepository(owner.id);
  const targets = [{ repositoryId: repository.id }];
  const webhook = await makeAutomation(owner, {
    targets,
    trigger: { type: "webhook", conditions: [{ path: "$.deploy.status", comparison: "eq", value: "failed" }] },
  });
  const sentry = await makeAutomation(owner, { targets, trigger: { type: "sentry", clientSecret: SENTRY_SECRET } });
  return { webhook: { id: webhook.id, key: webhook.secrets.webhookKey! }, sentry: { id: sentry.id } };
}

describe("the automations' doors, fuzzed", () => {
  it("answer every malformed webhook delivery with a 4xx or a firing, in time", { timeout: 60_000 }, async () => {
    const { webhook } = await automations();
    const random = randomFor("automation webhook");
    const ids = [webhook.id, webhook.id, webhook.id, "no-such-automation", ...WEIRD_STRINGS.slice(0, 4)];
    const cases = Array.from({ length: CASES }, (): FuzzCase => {
      const id = random.pick(ids);
      const body = random.chance(0.3)
        ? brokenBody(random)
        : (JSON.stringify(
            mutate({ deploy: { status: "failed" }, idempotencyKey: randomBytes(4).toString("hex") }, random),
          ) ?? "");
      const key = random.chance(0.7) ? webhook.key : weirdHeaderValue(random);
      return {
        door: "POST /api/webhooks/automations/{id}",
        method: "POST",
        url: `http://localhost/api/webhooks/automations/${encodeURIComponent(id.replace(/[\uD800-\uDFFF]/g, "?"))}`,
        headers: { ...contentType(random), ...(random.chance(0.9) ? { authorization: `Bearer ${key}` } : {}) },
        body,
      };
    });
    const failures = await fuzzDoor("/api/webhooks/automations", cases, (request, fuzzCase) => {
      const id = decodeURIComponent(new URL(fuzzCase.url).pathname.split("/").at(-1)!);
      return webhookPost(request, { params: Promise.resolve({ id }) });
    });
    expectNoFailures(failures);
  });

  it("answer every malformed Sentry delivery with a 4xx or a 200, in time", { timeout: 60_000 }, async () => {
    const { sentry } = await automations();
    const random = randomFor("sentry webhook");
    const cases = Array.from({ length: CASES }, (): FuzzCase => {
      const resource = random.chance(0.8)
        ? random.pick(["issue", "event_alert", "metric_alert", "comment"])
        : weirdHeaderValue(random);
      const body = random.chance(0.2)
        ? brokenBody(random)
        : (JSON.stringify(mutate(structuredClone(random.pick([issueCreated, eventAlert])), random)) ?? "");
      const signature = createHmac("sha256", SENTRY_SECRET).update(body).digest("hex");
      return {
        door: "POST /api/webhooks/sentry/{id}",
        method: "POST",
        url: `http://localhost/api/webhooks/sentry/${sentry.id}`,
        headers: {
          ...contentType(random),
          "sentry-hook-resource": resource,
          "sentry-hook-timestamp": random.chance(0.8)
            ? String(Math.floor(Date.now() / 1000))
            : weirdHeaderValue(random),
          "sentry-hook-signature": random.chance(0.75) ? signature : weirdHeaderValue(random),
        },
        body,
      };
    });
    expectNoFailures(
      await fuzzDoor("/api/webhooks/sentry", cases, (request) =>
        sentryPost(request, { params: Promise.resolve({ id: sentry.id }) }),
      ),
    );
  });
});
