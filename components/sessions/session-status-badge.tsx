import { cn } from "@/components/ui/cn";
import type { SessionSummary } from "@/server/sessions/session-select";

export type SessionStatus = SessionSummary["status"];

// Each status has its own word, so colour is never the only signal.
const STATUSES = {
  created: { label: "Created", className: "border-border text-muted", dot: "bg-muted" },
  active: {
    label: "Active",
    className: "border-accent/40 text-accent",
    dot: "bg-accent animate-pulse motion-reduce:animate-none",
  },
  completed: { label: "Completed", className: "border-success/40 text-success", dot: "bg-success" },
  failed: { label: "Failed", className: "border-danger/40 text-danger", dot: "bg-danger" },
  archived: { label: "Archived", className: "border-border text-muted", dot: "bg-border" },
  cancelled: { label: "Cancelled", className: "border-warning/40 text-warning", dot: "bg-warning" },
} satisfies Record<SessionStatus, { label: string; className: string; dot: string }>;

export function sessionStatusLabel(status: SessionStatus): string {
  return STATUSES[status].label;
}

export function SessionStatusBadge({ status, className }: { status: SessionStatus; className?: string }) {
  const { label, className: tone, dot } = STATUSES[status];
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs font-medium",
        tone,
        className,
      )}
    >
      <span aria-hidden className={cn("size-1.5 rounded-full", dot)} />
      <span className="sr-only">Status: </span>
      {label}
    </span>
  );
}
