// The doors that fire automations from outside, through their real route handlers: an inbound
// webhook (its key, body limits, conditions, idempotency key) and Sentry's integration webhooks
// (signature, timestamp, resources, filters, one firing per alert). What a firing records is
// checked here; the runs it starts are the session loop's (tests/integration/loop/automations.test.ts).
import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { createLocalRepository, createUser } from "../../factories";
import eventAlert from "../../fixtures/sentry/event-alert-triggered.json";
import issueCreated from "../../fixtures/sentry/issue-created.json";
import { deliverSentry, deliverWebhook, firingsOf, makeAutomation } from "../../support/automations";

async function webhookAutomation(conditions: unknown[] = []) {
  const owner = await createUser();
  const repository = await createLocalRepository(owner.id);
  const made = await makeAutomation(owner, {
    targets: [{ repositoryId: repository.id }],
    trigger: { type: "webhook", conditions },
  });
  return { ...made, key: made.secrets.webhookKey! };
}

const SENTRY_SECRET = "b6f3e0a4c2d14f7e9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f";

async function sentryAutomation(filters: { projects?: string[]; levels?: string[] } = {}) {
  const owner = await createUser();
  const repository = await createLocalRepository(owner.id);
  return makeAutomation(owner, {
    targets: [{ repositoryId: repository.id }],
    trigger: { type: "sentry", clientSecret: SENTRY_SECRET, ...filters },
  });
}

describe("an inbound webhook", () => {
  it("fires with the right key, once per idempotency key, with the payload as untrusted context", async () => {
    const { id, key } = await webhookAutomation();
    expect(key).toMatch(/^nsa_/);
    const body = { deploy: { status: "failed", service: "api" }, idempotencyKey: "deploy-812" };

    const first = await deliverWebhook(id, { key, body });
    expect(first).toMatchObject({ status: 200, json: { ok: true, triggered: 1, skipped: 0 } });
    const again = await deliverWebhook(id, { key, body });
    expect(again).toMatchObject({ status: 200, json: { ok: true, triggered: 0, skipped: 1 } });
    expect(again.json.reason).toMatch(/idempotencyKey was received already/);

    const firings = await firingsOf(id);
    expect(firings).toHaveLength(1);
    expect(firings[0]).toMatchObject({ source: "webhook", status: "running", triggerKey: "webhook:deploy-812" });
    expect(firings[0]!.runs).toHaveLength(1);
    expect(firings[0]!.context).toContain('<untrusted-content source="webhook payload">');
    expect(firings[0]!.context).toContain('"status": "failed"');
    // The idempotency key is the sender's bookkeeping, not the agent's business.
    expect(firings[0]!.context).not.toContain("deploy-812");
  });

  it("fires each time without an idempotency key", async () => {
    const { id, key } = await webhookAutomation();
    await deliverWebhook(id, { key, body: { n: 1 } });
    await deliverWebhook(id, { key, body: { n: 1 } });
    expect(await firingsOf(id)).toHaveLength(2);
  });

  it("fires only when every condition holds, and says which one did not", async () => {
    const { id, key } = await webhookAutomation([
      { path: "$.deploy.status", comparison: "eq", value: "failed" },
      { path: "$.deploy.attempt", comparison: "gte", value: 2 },
      { path: "$.deploy.service", comparison: "contains", value: "api" },
    ]);
    const held = await deliverWebhook(id, {
      key,
      body: { deploy: { status: "failed", attempt: 3, service: "public-api" } },
    });
    expect(held.json).toMatchObject({ triggered: 1, skipped: 0 });
    const missed = await deliverWebhook(id, {
      key,
      body: { deploy: { status: "failed", attempt: 1, service: "api" } },
    });
    expect(missed.json).toMatchObject({
      triggered: 0,
      skipped: 1,
      reason: "a condition does not hold: $.deploy.attempt gte 2 does not hold",
    });
    expect(await firingsOf(id)).toHaveLength(1);
  });

  it("refuses a missing or wrong key (401), an unknown automation (404), a large body (413), not JSON (415 and 400)", async () => {
    const { id, key } = await webhookAutomation();
    const other = await webhookAutomation();
    expect((await deliverWebhook(id, { key: null })).status).toBe(401);
    const forged = await deliverWebhook(id, { key: `${key.slice(0, -2)}xx` });
    expect(forged.status).toBe(401);
    expect((forged.json.error as { message: string }).message).toMatch(/Authorization: Bearer/);
    expect((await deliverWebhook(id, { key: other.key })).status).toBe(401);
    expect((await deliverWebhook("no-such-automation", { key })).status).toBe(404);
    const large = await deliverWebhook(id, { key, body: { blob: "x".repeat(70 * 1024) } });
    expect(large.status).toBe(413);
    expect((large.json.error as { message: string }).message).toMatch(/64 KB/);
    expect(
      (await deliverWebhook(id, { key, body: "a=b", contentType: "application/x-www-form-urlencoded" })).status,
    ).toBe(415);
    expect((await deliverWebhook(id, { key, body: "{not json" })).status).toBe(400);
    expect((await deliverWebhook(id, { key, body: "[1,2]" })).status).toBe(400);
    expect((await deliverWebhook(id, { key, body: { idempotencyKey: 7 } })).status).toBe(400);
    expect(await firingsOf(id)).toHaveLength(0);
  });

  it("records nothing while paused, and answers why", async () => {
    const { id, key } = await webhookAutomation();
    await getDb().automation.update({ where: { id }, data: { enabled: false } });
    const answer = await deliverWebhook(id, { key, body: {} });
    expect(answer.json).toMatchObject({ triggered: 0, skipped: 1, reason: "the automation is paused" });
    expect(await firingsOf(id)).toHaveLength(0);
  });
});

describe("Sentry's webhooks", () => {
  it("fire on a new issue with the error's details for the agent, once however often it is delivered", async () => {
    const { id } = await sentryAutomation();
    const first = await deliverSentry(id, { secret: SENTRY_SECRET, resource: "issue", payload: issueCreated });
    expect(first).toMatchObject({ status: 200, json: { ok: true, triggered: 1, skipped: 0 } });
    const again = await deliverSentry(id, { secret: SENTRY_SECRET, resource: "issue", payload: issueCreated });
    expect(again.json).toMatchObject({
      triggered: 0,
      skipped: 1,
      reason: "this Sentry alert fired this automation already",
    });

    const [firing, ...more] = await firingsOf(id);
    expect(more).toHaveLength(0);
    expect(firing).toMatchObject({ source: "sentry", triggerKey: "sentry:issue:1170820242" });
    for (const detail of [
      "Title: TypeError: Cannot read properties of undefined (reading 'total')",
      "Culprit: computeTotals(src/cart/totals.ts)",
      "Level: error",
      "First seen: 2026-12-02T08:14:05.123456Z",
      "Events: 12",
      "Link: https://acme.sentry.io/issues/1170820242/",
      "in src/cart/totals.ts (computeTotals)",
    ])
      expect(firing!.context).toContain(detail);
    expect(firing!.context).toContain('<untrusted-content source="Sentry alert">');
  });

  it("fire on an issue alert with its top stack frames, the application's own and newest first", async () => {
    const { id } = await sentryAutomation({ levels: ["fatal"] });
    const answer = await deliverSentry(id, { secret: SENTRY_SECRET, resource: "event_alert", payload: eventAlert });
    expect(answer.json).toMatchObject({ triggered: 1 });
    const [firing] = await firingsOf(id);
    expect(firing!.context).toContain(
      [
        "Top stack frames, most recent first:",
        "  at applyCoupon (src/cart/coupons.ts:33)",
        "  at applyCoupons (src/cart/coupons.ts:18)",
        "  at postCheckout (src/routes/checkout.ts:41)",
      ].join("\n"),
    );
    expect(firing!.context).not.toContain("express");
  });

  it("skip what the filters leave out, and resources and actions that fire nothing", async () => {
    const { id } = await sentryAutomation({ projects: ["billing"], levels: ["error"] });
    const project = await deliverSentry(id, { secret: SENTRY_SECRET, resource: "issue", payload: issueCreated });
    expect(project.json).toMatchObject({ triggered: 0, reason: "project checkout is not one of billing" });
    const resolved = { ...issueCreated, action: "resolved" };
    const other = await deliverSentry(id, { secret: SENTRY_SECRET, resource: "issue", payload: resolved });
    expect(other.json).toMatchObject({ triggered: 0, reason: "Sentry's issue resolved does not fire automations" });
    const level = await sentryAutomation({ levels: ["warning"] });
    const refused = await deliverSentry(level.id, {
      secret: SENTRY_SECRET,
      resource: "event_alert",
      payload: eventAlert,
    });
    expect(refused.json).toMatchObject({ triggered: 0, reason: "level fatal is not one of warning" });
    expect(await firingsOf(id)).toHaveLength(0);
  });

  it("refuse a forged signature, another secret, a stale or missing timestamp, and an unknown automation", async () => {
    const { id } = await sentryAutomation();
    const send = (options: Partial<Parameters<typeof deliverSentry>[1]>) =>
      deliverSentry(id, { secret: SENTRY_SECRET, resource: "issue", payload: issueCreated, ...options });
    expect((await send({ signature: "0".repeat(64) })).status).toBe(401);
    expect((await send({ secret: "another-secret-entirely" })).status).toBe(401);
    const stale = await send({ timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(stale.status).toBe(401);
    expect((stale.json.error as { message: string }).message).toMatch(/Sentry-Hook-Timestamp/);
    expect((await send({ timestamp: Number.NaN })).status).toBe(401);
    expect(
      (await deliverSentry("no-such-automation", { secret: SENTRY_SECRET, resource: "issue", payload: issueCreated }))
        .status,
    ).toBe(404);
    expect(await firingsOf(id)).toHaveLength(0);
  });

  it("keep the client secret sealed", async () => {
    const { id } = await sentryAutomation();
    const row = await getDb().automation.findUniqueOrThrow({ where: { id } });
    expect(row.sentrySecretSealed).not.toContain(SENTRY_SECRET);
    expect(JSON.stringify(row)).not.toContain(SENTRY_SECRET);
  });
});
