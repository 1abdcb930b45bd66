"use client";

// A schedule as a person sets it: a preset (hourly, daily, weekdays, weekly, monthly) with its
// time, or a cron expression; a time zone; and the next five runs in that zone, shown as they type.
import { useMemo } from "react";
import { Field, fieldControlProps, Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { nextRuns, presetCron, scheduleProblem, type SchedulePreset } from "@/server/automations/schedule";

export type ScheduleState = {
  preset: SchedulePreset | "custom";
  /** "HH:MM" */
  time: string;
  weekday: string;
  dayOfMonth: string;
  cron: string;
  timeZone: string;
};

const PRESETS: Array<{ value: ScheduleState["preset"]; label: string }> = [
  { value: "hourly", label: "Every hour" },
  { value: "daily", label: "Every day" },
  { value: "weekdays", label: "Weekdays (Monday to Friday)" },
  { value: "weekly", label: "Every week" },
  { value: "monthly", label: "Every month" },
  { value: "custom", label: "Custom (cron expression)" },
];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

export function initialSchedule(cron?: string, timeZone?: string): ScheduleState {
  const state: ScheduleState = {
    preset: "weekdays",
    time: "09:00",
    weekday: "1",
    dayOfMonth: "1",
    cron: cron ?? "0 9 * * 1-5",
    timeZone: timeZone ?? browserTimeZone(),
  };
  if (!cron) return state;
  const [minute, hour, day, month, weekday] = cron.split(/\s+/);
  const at = (h: string) => `${h.padStart(2, "0")}:${(minute ?? "0").padStart(2, "0")}`;
  const plain = /^\d+$/;
  if (!plain.test(minute ?? "") || month !== "*") return { ...state, preset: "custom" };
  if (hour === "*" && day === "*" && weekday === "*") return { ...state, preset: "hourly", time: at("0") };
  if (!plain.test(hour ?? "")) return { ...state, preset: "custom" };
  if (day === "*" && weekday === "*") return { ...state, preset: "daily", time: at(hour!) };
  if (day === "*" && weekday === "1-5") return { ...state, preset: "weekdays", time: at(hour!) };
  if (day === "*" && /^[0-6]$/.test(weekday ?? ""))
    return { ...state, preset: "weekly", time: at(hour!), weekday: weekday! };
  if (plain.test(day ?? "") && Number(day) <= 28 && weekday === "*")
    return { ...state, preset: "monthly", time: at(hour!), dayOfMonth: day! };
  return { ...state, preset: "custom" };
}

/** The cron expression the state stands for. */
export function scheduleCron(state: ScheduleState): string {
  if (state.preset === "custom") return state.cron.trim();
  const [hour, minute] = state.time.split(":").map(Number);
  return presetCron(state.preset, {
    hour: hour ?? 0,
    minute: minute ?? 0,
    weekday: Number(state.weekday),
    dayOfMonth: Number(state.dayOfMonth),
  });
}

export function ScheduleFields({ value, onChange }: { value: ScheduleState; onChange: (next: ScheduleState) => void }) {
  const cron = scheduleCron(value);
  const preview = useMemo(() => {
    const problem = scheduleProblem(cron, value.timeZone);
    if (problem) return { problem, runs: [] };
    const format = new Intl.DateTimeFormat(undefined, {
      timeZone: value.timeZone,
      weekday: "short",
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZoneName: "short",
    });
    return { problem: null, runs: nextRuns(cron, value.timeZone, new Date(), 5).map((run) => format.format(run)) };
  }, [cron, value.timeZone]);
  const set = (change: Partial<ScheduleState>) => onChange({ ...value, ...change });
  const timeZones = useMemo(
    () => (typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : []),
    [],
  );
  return (
    <div className="flex flex-col gap-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Runs" htmlFor="schedule-preset">
          <Select
            value={value.preset}
            onValueChange={(preset) => set({ preset: preset as ScheduleState["preset"], cron })}
          >
            <SelectTrigger {...fieldControlProps("schedule-preset", {})}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {PRESETS.map((preset) => (
                <SelectItem key={preset.value} value={preset.value}>
                  {preset.label}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </Field>
        {value.preset === "custom" ? (
          <Field
            label="Cron expression"
            htmlFor="schedule-cron"
            hint="minute hour day-of-month month day-of-week, e.g. 30 6 * * 1"
          >
            <Input
              {...fieldControlProps("schedule-cron", { hint: true, error: preview.problem })}
              className="font-mono"
              value={value.cron}
              onChange={(event) => set({ cron: event.target.value })}
            />
          </Field>
        ) : value.preset === "hourly" ? (
          <Field label="At minute" htmlFor="schedule-minute">
            <Input
              {...fieldControlProps("schedule-minute", {})}
              type="number"
              min={0}
              max={59}
              value={Number(value.time.split(":")[1] ?? 0)}
              onChange={(event) => set({ time: `00:${String(event.target.value).padStart(2, "0")}` })}
            />
          </Field>
        ) : (
          <Field label="At" htmlFor="schedule-time">
            <Input
              {...fieldControlProps("schedule-time", {})}
              type="time"
              value={value.time}
              onChange={(event) => set({ time: event.target.value })}
            />
          </Field>
        )}
        {value.preset === "weekly" ? (
          <Field label="On" htmlFor="schedule-weekday">
            <Select value={value.weekday} onValueChange={(weekday) => set({ weekday })}>
              <SelectTrigger {...fieldControlProps("schedule-weekday", {})}>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {WEEKDAYS.map((day, index) => (
                  <SelectItem key={day} value={String(index)}>
                    {day}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </Field>
        ) : null}
        {value.preset === "monthly" ? (
          <Field label="On day" htmlFor="schedule-day" hint="1 to 28, which every month has.">
            <Input
              {...fieldControlProps("schedule-day", { hint: true })}
              type="number"
              min={1}
              max={28}
              value={value.dayOfMonth}
              onChange={(event) => set({ dayOfMonth: event.target.value })}
            />
          </Field>
        ) : null}
        <Field label="Time zone" htmlFor="schedule-time-zone" hint="An IANA time zone; daylight saving is followed.">
          <Input
            {...fieldControlProps("schedule-time-zone", { hint: true })}
            list="schedule-time-zones"
            value={value.timeZone}
            onChange={(event) => set({ timeZone: event.target.value })}
          />
          <datalist id="schedule-time-zones">
            {timeZones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        </Field>
      </div>
      <div aria-live="polite" className="rounded-md border border-border bg-surface p-3 text-sm">
        {preview.problem ? (
          <p className="text-danger" id="schedule-problem">
            {preview.problem}
          </p>
        ) : (
          <>
            <p className="font-medium">Next runs</p>
            <ol aria-label="Next runs" className="mt-1 list-inside list-decimal text-muted">
              {preview.runs.map((run) => (
                <li key={run}>{run}</li>
              ))}
            </ol>
            <p className="mt-2 font-mono text-xs text-muted">{cron}</p>
          </>
        )}
      </div>
    </div>
  );
}
