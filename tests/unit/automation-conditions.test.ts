// A webhook automation's conditions: paths, comparisons, and the refusals the form shows.
import { describe, expect, it } from "vitest";
import { conditionHolds, failedCondition, parsePath, valueAt, webhookCondition } from "@/server/automations/conditions";

const payload = {
  deploy: { status: "failed", attempt: 3, service: "public-api", tags: ["prod", "eu"] },
  "odd key": { ok: true },
  items: [{ name: "first" }, { name: "second" }],
  nothing: null,
};

describe("webhook conditions", () => {
  it("read plain member and index steps, and nothing else", () => {
    expect(parsePath("$.deploy.status")).toEqual(["deploy", "status"]);
    expect(parsePath('$["odd key"].ok')).toEqual(["odd key", "ok"]);
    expect(parsePath("$.items[1].name")).toEqual(["items", 1, "name"]);
    for (const bad of ["deploy.status", "$", "$..status", "$.items[*]", "$.a[?(@.b)]", "$.constructor()"])
      expect(parsePath(bad)).toBeNull();
    expect(valueAt(payload, "$.items[1].name")).toBe("second");
    expect(valueAt(payload, '$["odd key"].ok')).toBe(true);
    expect(valueAt(payload, "$.deploy.missing")).toBeUndefined();
    expect(valueAt(payload, "$.deploy.constructor")).toBeUndefined();
    expect(valueAt(payload, "$.items.length")).toBeUndefined();
  });

  it("compare strictly: numbers as numbers, contains on text and lists", () => {
    const holds = (path: string, comparison: string, value?: unknown) =>
      conditionHolds(payload, webhookCondition.parse({ path, comparison, value }));
    expect(holds("$.deploy.status", "eq", "failed")).toBe(true);
    expect(holds("$.deploy.attempt", "eq", "3")).toBe(false);
    expect(holds("$.deploy.status", "neq", "ok")).toBe(true);
    expect(holds("$.deploy.attempt", "gt", 2)).toBe(true);
    expect(holds("$.deploy.attempt", "gte", 3)).toBe(true);
    expect(holds("$.deploy.attempt", "lt", 3)).toBe(false);
    expect(holds("$.deploy.attempt", "lte", 3)).toBe(true);
    expect(holds("$.deploy.status", "gt", 1)).toBe(false);
    expect(holds("$.deploy.service", "contains", "api")).toBe(true);
    expect(holds("$.deploy.tags", "contains", "eu")).toBe(true);
    expect(holds("$.deploy.tags", "contains", "e")).toBe(false);
    expect(holds("$.nothing", "exists")).toBe(true);
    expect(holds("$.nothing", "eq", null)).toBe(true);
    expect(holds("$.absent", "exists")).toBe(false);
    expect(holds("$.absent", "neq", "x")).toBe(true);
  });

  it("name the first one that does not hold", () => {
    const conditions = [
      webhookCondition.parse({ path: "$.deploy.status", comparison: "eq", value: "failed" }),
      webhookCondition.parse({ path: "$.deploy.attempt", comparison: "lt", value: 2 }),
    ];
    expect(failedCondition(payload, conditions)).toBe("$.deploy.attempt lt 2 does not hold");
    expect(failedCondition(payload, conditions.slice(0, 1))).toBeNull();
  });

  it("refuse a bad path, a missing value, and a value of the wrong kind", () => {
    const problem = (condition: unknown) => webhookCondition.safeParse(condition).error?.issues[0]?.message;
    expect(problem({ path: "deploy", comparison: "exists" })).toMatch(/A path is \$ followed by/);
    expect(problem({ path: "$.a", comparison: "eq" })).toBe('"eq" needs a value to compare with.');
    expect(problem({ path: "$.a", comparison: "gt", value: "3" })).toBe('"gt" compares numbers; give a number.');
    expect(problem({ path: "$.a", comparison: "contains", value: 3 })).toBe(
      '"contains" looks for text; give a string.',
    );
    expect(problem({ path: "$.a", comparison: "matches", value: "x" })).toBeDefined();
  });
});
