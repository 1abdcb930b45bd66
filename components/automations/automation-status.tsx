// An automation's status (enabled, degraded after failures, paused) and its last firings as
// ticks. Each has words beside its colour: a screen reader hears "completed", not green.
import { cn } from "@/components/ui/cn";
import type { AutomationView, FiringTick } from "@/server/automations/automation-views";

const STATUS = {
  enabled: { label: () => "Enabled", className: "border-success/40 text-success", dot: "bg-success" },
  degraded: {
    label: (failures: number) => `Degraded: ${failures} ${failures === 1 ? "failure" : "failures"}`,
    className: "border-warning/40 text-warning",
    dot: "bg-warning",
  },
  paused: { label: () => "Paused", className: "border-border text-muted", dot: "bg-muted" },
} satisfies Record<AutomationView["status"], { label: (failures: number) => string; className: string; dot: string }>;

export function AutomationStatusBadge({
  automation,
}: {
  automation: Pick<AutomationView, "status" | "consecutiveFailures">;
}) {
  const { label, className, dot } = STATUS[automation.status];
  return (
    <span
      className={cn("inline-flex items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs font-medium", className)}
    >
      <span aria-hidden className={cn("size-1.5 rounded-full", dot)} />
      <span className="sr-only">Status: </span>
      {label(automation.consecutiveFailures)}
    </span>
  );
}

const TICK = {
  running: { label: "running", className: "bg-accent animate-pulse motion-reduce:animate-none" },
  completed: { label: "completed", className: "bg-success" },
  failed: { label: "failed", className: "bg-danger" },
  partial_failed: { label: "partly failed", className: "bg-warning" },
  skipped: { label: "skipped", className: "bg-border" },
} satisfies Record<FiringTick["status"], { label: string; className: string }>;

export function firingStatusLabel(status: FiringTick["status"]): string {
  return TICK[status].label;
}

const tickDate = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** The last firings, oldest first, as small bars with their status and time in words. */
export function FiringTicks({ firings }: { firings: FiringTick[] }) {
  if (firings.length === 0) return <span className="text-xs text-muted">No runs yet</span>;
  return (
    <ol className="flex items-center gap-0.5" aria-label={`Last ${firings.length} runs, oldest first`}>
      {firings.map((firing) => {
        const words = `${firingStatusLabel(firing.status)}, ${tickDate.format(firing.createdAt)}`;
        return (
          <li key={firing.id} title={words} className={cn("h-4 w-1.5 rounded-sm", TICK[firing.status].className)}>
            <span className="sr-only">{words}</span>
          </li>
        );
      })}
    </ol>
  );
}
