import Link from "next/link";
import { Button, buttonClasses } from "@/components/ui/button";
import type { SessionFilters } from "./sessions-list-params";

type SessionsListEmptyProps = { filters: SessionFilters; onChange: (filters: SessionFilters) => void };

/** What an empty list means for these filters, and what to do about it. */
export function SessionsListEmpty({ filters, onChange }: SessionsListEmptyProps) {
  const search = filters.search.trim();
  if (search) {
    return (
      <EmptyState title={`No sessions match “${search}”`} body="Search looks at session titles and repository names.">
        <Button variant="secondary" size="sm" onClick={() => onChange({ ...filters, search: "" })}>
          Clear the search
        </Button>
      </EmptyState>
    );
  }
  if (filters.state === "archived") {
    return (
      <EmptyState
        title="No archived sessions"
        body={`Sessions ${filters.scope === "mine" ? "of yours " : ""}that are archived appear here, and can be restored from their page.`}
      />
    );
  }
  if (filters.scope === "mine") {
    return (
      <EmptyState
        title="You have no sessions yet"
        body="Start one on a repository, or see everyone’s sessions under All."
      >
        <Link href="/sessions/new" className={buttonClasses({ size: "sm" })}>
          New session
        </Link>
        <Button variant="secondary" size="sm" onClick={() => onChange({ ...filters, scope: "all" })}>
          Show all sessions
        </Button>
      </EmptyState>
    );
  }
  return (
    <EmptyState title="No sessions yet" body="Start a session: pick a repository and a branch, and describe the work.">
      <Link href="/sessions/new" className={buttonClasses({ size: "sm" })}>
        New session
      </Link>
    </EmptyState>
  );
}

function EmptyState({ title, body, children }: { title: string; body: string; children?: React.ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-2 rounded-lg border border-dashed border-border p-10 text-center">
      <p className="font-medium">{title}</p>
      <p className="text-sm text-muted">{body}</p>
      {children ? <div className="mt-2 flex gap-2">{children}</div> : null}
    </div>
  );
}
