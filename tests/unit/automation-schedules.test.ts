// Schedules as the automation form and the scheduler read them: presets, what is refused and
// why, the next runs in a time zone, and the words the list shows.
import { describe, expect, it } from "vitest";
import { describeSchedule, nextRuns, presetCron, scheduleProblem } from "@/server/automations/schedule";
import { automationTrigger } from "@/server/automations/schemas";

const time = { minute: 30, hour: 7, weekday: 1, dayOfMonth: 15 };

describe("schedules", () => {
  it("turn presets into cron expressions that describe themselves in words", () => {
    const described = (["hourly", "daily", "weekdays", "weekly", "monthly"] as const).map((preset) =>
      describeSchedule(presetCron(preset, time), "Europe/Berlin"),
    );
    expect(described).toEqual([
      "Every hour at :30",
      "Every day at 07:30 (Europe/Berlin)",
      "Weekdays at 07:30 (Europe/Berlin)",
      "Every Monday at 07:30 (Europe/Berlin)",
      "Monthly on day 15 at 07:30 (Europe/Berlin)",
    ]);
    expect(describeSchedule("15 */2 * * *", "UTC")).toBe("Cron 15 */2 * * * (UTC)");
  });

  it("refuse what is not a 5-field cron, an unknown time zone, and runs closer than 15 minutes", () => {
    expect(scheduleProblem("0 9 * * 1-5", "America/New_York")).toBeNull();
    expect(scheduleProblem("*/15 * * * *", "UTC")).toBeNull();
    expect(scheduleProblem("*/5 * * * *", "UTC")).toBe(
      "Runs must be at least 15 minutes apart; this one has runs 5 minutes apart.",
    );
    expect(scheduleProblem("0,10 9 * * *", "UTC")).toMatch(/10 minutes apart/);
    expect(scheduleProblem("0 9 * *", "UTC")).toMatch(/5 fields .* this one has 4/);
    expect(scheduleProblem("0 0 9 * * *", "UTC")).toMatch(/this one has 6/);
    expect(scheduleProblem("@daily", "UTC")).toMatch(/this one has 1/);
    expect(scheduleProblem("61 9 * * *", "UTC")).toMatch(/^Not a cron expression: .*minute/);
    expect(scheduleProblem("0 9 * * *", "Europe/Atlantis")).toMatch(/not an IANA time zone/);
  });

  it("give the next runs in the schedule's own time zone, daylight saving included", () => {
    const runs = nextRuns("0 9 * * *", "Europe/Berlin", new Date("2026-03-28T12:00:00Z"), 2);
    expect(runs.map((run) => run.toISOString())).toEqual(["2026-03-29T07:00:00.000Z", "2026-03-30T07:00:00.000Z"]);
    const utc = nextRuns("0 9 * * *", "UTC", new Date("2026-03-28T12:00:00Z"), 1);
    expect(utc[0]!.toISOString()).toBe("2026-03-29T09:00:00.000Z");
    // Day of month or day of week, as every cron reads them.
    const either = nextRuns("0 9 1 * 1", "UTC", new Date("2026-06-01T10:00:00Z"), 2);
    expect(either.map((run) => run.toISOString().slice(0, 10))).toEqual(["2026-06-08", "2026-06-15"]);
  });

  it("are checked by the form's schema, naming the cron field", () => {
    const parsed = automationTrigger.safeParse({ type: "schedule", cron: "*/1 * * * *", timeZone: "UTC" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ["cron"] });
    expect(automationTrigger.parse({ type: "schedule", cron: "0 9 * * *" })).toEqual({
      type: "schedule",
      cron: "0 9 * * *",
      timeZone: "UTC",
    });
  });
});
