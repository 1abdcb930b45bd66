"use client";

// A webhook automation's conditions, built row by row: a path into the payload, a comparison,
// and a value. Values are read as JSON when they are a number, true, false or null ("3" in
// quotes for the text 3), and as text otherwise.
import { Button } from "@/components/ui/button";
import { fieldControlProps, Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { type Comparison, COMPARISONS, type WebhookCondition } from "@/server/automations/conditions";

export type ConditionRow = { path: string; comparison: Comparison; value: string };

const WORDS: Record<Comparison, string> = {
  eq: "equals",
  neq: "does not equal",
  gt: "is greater than",
  gte: "is at least",
  lt: "is less than",
  lte: "is at most",
  contains: "contains",
  exists: "exists",
};

export function toCondition(row: ConditionRow): WebhookCondition {
  if (row.comparison === "exists") return { path: row.path.trim(), comparison: "exists" };
  return { path: row.path.trim(), comparison: row.comparison, value: readValue(row.value) };
}

export function toRow(condition: WebhookCondition): ConditionRow {
  const value = condition.value;
  return {
    path: condition.path,
    comparison: condition.comparison,
    value:
      value === undefined
        ? ""
        : typeof value === "string" && readValue(value) === value
          ? value
          : JSON.stringify(value),
  };
}

function readValue(text: string): string | number | boolean | null {
  const trimmed = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  if (trimmed === "true" || trimmed === "false") return trimmed === "true";
  if (trimmed === "null") return null;
  if (/^".*"$/.test(trimmed)) {
    try {
      return JSON.parse(trimmed) as string;
    } catch {
      return text;
    }
  }
  return text;
}

export function ConditionBuilder({
  rows,
  onChange,
  errors,
}: {
  rows: ConditionRow[];
  onChange: (rows: ConditionRow[]) => void;
  /** Each row's problem, by index. */
  errors: Record<number, string | undefined>;
}) {
  const update = (index: number, change: Partial<ConditionRow>) =>
    onChange(rows.map((row, at) => (at === index ? { ...row, ...change } : row)));
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="text-sm font-medium">Conditions</legend>
      <p className="text-xs text-muted">
        All must hold for a delivery to fire it; with none, every delivery fires it. Paths look like $.deploy.status or
        $.items[0].name.
      </p>
      {rows.map((row, index) => {
        const id = `condition-${index}`;
        return (
          <div key={index} className="flex flex-col gap-1">
            <div className="flex flex-wrap items-center gap-2">
              <Input
                {...fieldControlProps(`${id}-path`, { error: errors[index] })}
                aria-label={`Condition ${index + 1} path`}
                className="w-56 font-mono"
                placeholder="$.status"
                value={row.path}
                onChange={(event) => update(index, { path: event.target.value })}
              />
              <Select
                value={row.comparison}
                onValueChange={(comparison) => update(index, { comparison: comparison as Comparison })}
              >
                <SelectTrigger aria-label={`Condition ${index + 1} comparison`} className="w-44">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {COMPARISONS.map((comparison) => (
                    <SelectItem key={comparison} value={comparison}>
                      {WORDS[comparison]}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
              {row.comparison === "exists" ? null : (
                <Input
                  aria-label={`Condition ${index + 1} value`}
                  className="w-44"
                  placeholder="failed"
                  value={row.value}
                  onChange={(event) => update(index, { value: event.target.value })}
                />
              )}
              <Button variant="ghost" size="sm" onClick={() => onChange(rows.filter((_, at) => at !== index))}>
                Remove<span className="sr-only"> condition {index + 1}</span>
              </Button>
            </div>
            {errors[index] ? (
              <p id={`${id}-path-error`} className="text-xs text-danger">
                {errors[index]}
              </p>
            ) : null}
          </div>
        );
      })}
      <div>
        <Button
          variant="secondary"
          size="sm"
          onClick={() => onChange([...rows, { path: "", comparison: "eq", value: "" }])}
        >
          Add a condition
        </Button>
      </div>
    </fieldset>
  );
}
