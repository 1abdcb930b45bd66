"use client";

// An automation's run history: each firing with what triggered it and its status, and each of
// its runs with its repository, status, reason and a link to its session.
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import type { FiringView } from "@/server/automations/automation-views";
import { firingStatusLabel } from "./automation-status";

const SOURCE: Record<FiringView["source"], string> = {
  schedule: "Schedule",
  manual: "Run now",
  webhook: "Webhook",
  sentry: "Sentry",
};

export function FiringHistory({ automationId }: { automationId: string }) {
  const trpc = useTRPC();
  const firings = useInfiniteQuery(
    trpc.automation.firings.infiniteQueryOptions(
      { automationId, limit: 20 },
      {
        getNextPageParam: (page) => page.nextCursor ?? undefined,
        refetchInterval: (query) =>
          query.state.data?.pages.some((page) => page.firings.some((firing) => firing.status === "running"))
            ? 3000
            : 15_000,
      },
    ),
  );
  const all = firings.data?.pages.flatMap((page) => page.firings) ?? [];
  return (
    <section className="flex flex-col gap-3" aria-labelledby="history-title">
      <h2 id="history-title" className="font-medium">
        Run history
      </h2>
      {firings.isPending ? <p className="text-sm text-muted">Loading runs…</p> : null}
      {firings.isError ? <p className="text-sm text-danger">{errorMessage(firings.error)}</p> : null}
      {firings.isSuccess && all.length === 0 ? <p className="text-sm text-muted">It has not run yet.</p> : null}
      {all.length > 0 ? (
        <ul className="divide-y divide-border rounded-md border border-border" aria-label="Runs">
          {all.map((firing) => (
            <li key={firing.id} className="flex flex-col gap-1 px-4 py-3 text-sm">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="font-medium">
                  {SOURCE[firing.source]}
                  {firing.triggeredBy?.name ? ` by ${firing.triggeredBy.name}` : ""}: {firingStatusLabel(firing.status)}
                </span>
                <RelativeTime date={firing.createdAt} className="text-xs text-muted" />
              </div>
              {firing.skipReason ? <p className="text-xs text-muted">Skipped: {firing.skipReason}</p> : null}
              <ul className="flex flex-col gap-0.5 text-xs text-muted">
                {firing.runs.map((run) => (
                  <li key={run.id} className="flex flex-wrap gap-2">
                    <span>{run.repository}</span>
                    <span>
                      {run.status}
                      {run.attempt > 1 ? ` (try ${run.attempt})` : ""}
                    </span>
                    {run.failureReason ? <span className="text-danger">{run.failureReason}</span> : null}
                    {run.sessionId ? (
                      <Link href={`/sessions/${run.sessionId}`} className="text-accent underline">
                        Open the session<span className="sr-only"> of {run.repository}</span>
                      </Link>
                    ) : null}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      ) : null}
      {firings.hasNextPage ? (
        <div>
          <Button
            variant="secondary"
            size="sm"
            onClick={() => void firings.fetchNextPage()}
            disabled={firings.isFetchingNextPage}
          >
            Show older runs
          </Button>
        </div>
      ) : null}
    </section>
  );
}
