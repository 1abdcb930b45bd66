import Link from "next/link";
import { Avatar } from "@/components/ui/avatar";
import { RelativeTime } from "@/components/ui/relative-time";
import type { SessionSummary } from "@/server/sessions/session-select";
import { formatCost } from "@/lib/sessions/format-cost";
import { SessionStatusBadge } from "./session-status-badge";

/** One session: the title links to it, and the whole row is clickable. */
export function SessionsListRow({ session }: { session: SessionSummary }) {
  const starter = session.createdBy.name ?? session.createdBy.email ?? "Someone";
  return (
    <li className="relative flex flex-col gap-1.5 px-4 py-3 hover:bg-surface">
      <div className="flex items-start justify-between gap-3">
        <Link
          href={`/sessions/${session.id}`}
          className="min-w-0 truncate font-medium after:absolute after:inset-0 after:rounded-md focus-visible:outline-none focus-visible:after:ring-2 focus-visible:after:ring-ring"
        >
          {session.title ?? <span className="italic text-muted">Untitled session</span>}
        </Link>
        <SessionStatusBadge status={session.status} />
      </div>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-muted">
        <span>
          <span className="sr-only">Repository: </span>
          {session.repository.owner}/{session.repository.name}
        </span>
        <span className="font-mono">
          <span className="sr-only">Branch: </span>
          {session.baseBranch}
        </span>
        <span className="flex items-center gap-1.5">
          <Avatar name={starter} size="sm" />
          <span className="sr-only">Started by </span>
          {starter}
        </span>
        {session.totalCostUsd > 0 ? (
          <span data-testid="session-cost">
            <span className="sr-only">Model calls cost </span>
            {formatCost(session.totalCostUsd)}
          </span>
        ) : null}
        {/* Above the row's link, so the tooltip with the exact time opens on hover. */}
        <RelativeTime date={session.createdAt} className="relative z-10" />
      </div>
    </li>
  );
}
