"use client";

import { useEffect, useState } from "react";
import { cn } from "./cn";
import { Tooltip } from "./tooltip";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 31_536_000],
  ["month", 2_592_000],
  ["week", 604_800],
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];

/** "3 minutes ago", "yesterday", "just now". */
export function relativeTime(date: Date, now: number = Date.now()): string {
  const seconds = Math.round((date.getTime() - now) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return "just now";
}

/** Re-renders every `intervalMs`, so relative times stay true while a page stays open. */
function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** A relative time, with the date and time in a tooltip. Must be inside a `TooltipProvider`. */
export function RelativeTime({ date, className }: { date: Date; className?: string }) {
  const now = useNow(30_000);
  return (
    <Tooltip content={dateFormat.format(date)}>
      <time dateTime={date.toISOString()} className={cn("whitespace-nowrap", className)}>
        {relativeTime(date, now)}
      </time>
    </Tooltip>
  );
}
