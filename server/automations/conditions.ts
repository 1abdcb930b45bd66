// A webhook automation's conditions: each names a value in the payload by a path ($.a.b, with
// [n] for an array's element) and compares it; all must hold. Paths are read here, not by a
// JSONPath library: only plain member and index steps are allowed, so a payload's sender can
// never make a condition evaluate anything (docs/decisions.md). Pure: the form imports it.
import { z } from "zod";

export const COMPARISONS = ["eq", "neq", "gt", "gte", "lt", "lte", "contains", "exists"] as const;
export type Comparison = (typeof COMPARISONS)[number];

const STEP = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\])/;

/** The steps of a path, or null when it is not `$` followed by .name, [n] or ["name"] steps. */
export function parsePath(path: string): Array<string | number> | null {
  if (!path.startsWith("$")) return null;
  const steps: Array<string | number> = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const match = STEP.exec(rest);
    if (!match) return null;
    if (match[1] !== undefined) steps.push(match[1]);
    else if (match[2] !== undefined) steps.push(Number(match[2]));
    else steps.push(match[3]!.replace(/\\(.)/g, "$1"));
    rest = rest.slice(match[0].length);
  }
  return steps.length > 0 ? steps : null;
}

const scalar = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);

export const webhookCondition = z
  .object({
    path: z
      .string()
      .max(300)
      .refine(
        (path) => parsePath(path) !== null,
        'A path is $ followed by .name, [n] or ["name"] steps, e.g. $.deploy.status.',
      ),
    comparison: z.enum(COMPARISONS),
    value: scalar.optional(),
  })
  .superRefine((condition, context) => {
    const { comparison, value } = condition;
    const problem =
      comparison === "exists"
        ? null
        : value === undefined
          ? `"${comparison}" needs a value to compare with.`
          : ["gt", "gte", "lt", "lte"].includes(comparison) && typeof value !== "number"
            ? `"${comparison}" compares numbers; give a number.`
            : comparison === "contains" && typeof value !== "string"
              ? `"contains" looks for text; give a string.`
              : null;
    if (problem) context.addIssue({ code: "custom", path: ["value"], message: problem });
  });
export type WebhookCondition = z.infer<typeof webhookCondition>;

/** The value at `path` in `payload`; undefined when any step is missing. */
export function valueAt(payload: unknown, path: string): unknown {
  const steps = parsePath(path);
  if (!steps) return undefined;
  let current: unknown = payload;
  for (const step of steps) {
    if (current === null || typeof current !== "object") return undefined;
    if (typeof step === "number") {
      if (!Array.isArray(current)) return undefined;
      current = current[step];
    } else {
      if (Array.isArray(current) || !Object.prototype.hasOwnProperty.call(current, step)) return undefined;
      current = (current as Record<string, unknown>)[step];
    }
  }
  return current;
}

/** Whether one condition holds. Numbers compare as numbers only; `contains` reads strings (and arrays of them). */
export function conditionHolds(payload: unknown, condition: WebhookCondition): boolean {
  const found = valueAt(payload, condition.path);
  const expected = condition.value;
  switch (condition.comparison) {
    case "exists":
      return found !== undefined;
    case "eq":
      return found === expected;
    case "neq":
      return found !== expected;
    case "gt":
      return typeof found === "number" && typeof expected === "number" && found > expected;
    case "gte":
      return typeof found === "number" && typeof expected === "number" && found >= expected;
    case "lt":
      return typeof found === "number" && typeof expected === "number" && found < expected;
    case "lte":
      return typeof found === "number" && typeof expected === "number" && found <= expected;
    case "contains":
      if (typeof expected !== "string") return false;
      if (typeof found === "string") return found.includes(expected);
      return Array.isArray(found) && found.includes(expected);
  }
}

/** The first condition that does not hold, in words; null when all hold. */
export function failedCondition(payload: unknown, conditions: readonly WebhookCondition[]): string | null {
  for (const condition of conditions) {
    if (!conditionHolds(payload, condition)) {
      const value = condition.comparison === "exists" ? "" : ` ${JSON.stringify(condition.value)}`;
      return `${condition.path} ${condition.comparison}${value} does not hold`;
    }
  }
  return null;
}
