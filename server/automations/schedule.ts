// Schedules: a 5-field cron expression read in an IANA time zone (croner does the calendar
// arithmetic, daylight-saving changes included), the presets the form offers, and the words the
// list shows. Pure: the automation form imports it to preview the next runs as you type.
import { Cron } from "croner";

/** At least this long between two runs of a schedule. */
export const MIN_SCHEDULE_INTERVAL_MINUTES = 15;

export type SchedulePreset = "hourly" | "daily" | "weekdays" | "weekly" | "monthly";
export type PresetTime = { minute: number; hour: number; weekday: number; dayOfMonth: number };

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** The cron expression of a preset: weekday 0 is Sunday; a monthly day is 1 to 28, which every month has. */
export function presetCron(preset: SchedulePreset, time: PresetTime): string {
  const { minute, hour } = time;
  switch (preset) {
    case "hourly":
      return `${minute} * * * *`;
    case "daily":
      return `${minute} ${hour} * * *`;
    case "weekdays":
      return `${minute} ${hour} * * 1-5`;
    case "weekly":
      return `${minute} ${hour} * * ${time.weekday}`;
    case "monthly":
      return `${minute} ${hour} ${time.dayOfMonth} * *`;
  }
}

/** Whether `timeZone` is an IANA time zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return timeZone.length > 0;
  } catch {
    return false;
  }
}

/** What is wrong with a schedule, in words, or null when it is good. */
export function scheduleProblem(cron: string, timeZone: string): string | null {
  if (!isTimeZone(timeZone)) return `"${timeZone}" is not an IANA time zone (for example Europe/Berlin or UTC).`;
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5)
    return `A schedule has 5 fields (minute hour day-of-month month day-of-week); this one has ${fields.length}.`;
  let job: Cron;
  try {
    job = compile(cron, timeZone);
  } catch (error) {
    return `Not a cron expression: ${error instanceof Error ? error.message.replace(/^CronPattern: /, "") : String(error)}.`;
  }
  // Sampled over a year's first weeks and from now: the closest two runs of a pattern show up in either.
  const samples = [...job.nextRuns(48, new Date("2025-01-01T00:00:00Z")), ...job.nextRuns(48, new Date())];
  if (samples.length === 0) return "This schedule never runs.";
  const gaps = gapsMinutes(samples);
  if (gaps.some((gap) => gap < MIN_SCHEDULE_INTERVAL_MINUTES))
    return `Runs must be at least ${MIN_SCHEDULE_INTERVAL_MINUTES} minutes apart; this one has runs ${Math.min(...gaps)} minutes apart.`;
  return null;
}

/** The next `count` run times strictly after `after`. The schedule must be valid (scheduleProblem). */
export function nextRuns(cron: string, timeZone: string, after: Date, count = 1): Date[] {
  return compile(cron, timeZone).nextRuns(count, after);
}

/** The schedule in words, e.g. "Weekdays at 09:00 (Europe/Berlin)". */
export function describeSchedule(cron: string, timeZone: string): string {
  const [minute, hour, dayOfMonth, month, weekday] = cron.trim().split(/\s+/);
  const number = /^\d+$/;
  const at = number.test(minute ?? "") && number.test(hour ?? "") ? `${pad(hour!)}:${pad(minute!)}` : null;
  const zone = ` (${timeZone})`;
  if (number.test(minute ?? "") && hour === "*" && dayOfMonth === "*" && month === "*" && weekday === "*")
    return `Every hour at :${pad(minute!)}`;
  if (at && month === "*") {
    if (dayOfMonth === "*" && weekday === "*") return `Every day at ${at}${zone}`;
    if (dayOfMonth === "*" && weekday === "1-5") return `Weekdays at ${at}${zone}`;
    if (dayOfMonth === "*" && /^[0-7]$/.test(weekday ?? ""))
      return `Every ${WEEKDAYS[Number(weekday) % 7]} at ${at}${zone}`;
    if (number.test(dayOfMonth ?? "") && weekday === "*") return `Monthly on day ${dayOfMonth} at ${at}${zone}`;
  }
  return `Cron ${cron.trim()}${zone}`;
}

function compile(cron: string, timeZone: string): Cron {
  // Legacy (OR) day matching, as every cron does: "0 9 1 * 1" runs on the 1st and on Mondays.
  return new Cron(cron.trim(), { timezone: timeZone, paused: true, mode: "5-part", domAndDow: false });
}

function gapsMinutes(dates: Date[]): number[] {
  const sorted = [...new Set(dates.map((date) => date.getTime()))].sort((a, b) => a - b);
  const gaps: number[] = [];
  for (let i = 1; i < sorted.length; i += 1) gaps.push(Math.round((sorted[i]! - sorted[i - 1]!) / 60_000));
  return gaps;
}

function pad(value: string): string {
  return value.padStart(2, "0");
}
