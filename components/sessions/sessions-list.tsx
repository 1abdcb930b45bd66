"use client";

import { keepPreviousData, useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import { useChannelEvent } from "@/lib/realtime/use-channel-event";
import { useDebouncedValue } from "@/lib/use-debounced-value";
import { SESSION_CHANGED_EVENT, SESSIONS_CHANNEL } from "@/server/realtime/channels";
import { SessionsListEmpty } from "./sessions-list-empty";
import { SessionsListFilters } from "./sessions-list-filters";
import { type SessionFilters, sessionFiltersQuery } from "./sessions-list-params";
import { SessionsListRow } from "./sessions-list-row";

const PAGE_SIZE = 25;
const SEARCH_DEBOUNCE_MS = 300;
// Statuses change while the list is open: the sessions channel says which; without realtime, a
// light poll keeps the list current instead.
const REFRESH_INTERVAL_MS = 10_000;

export function SessionsList({ initialFilters }: { initialFilters: SessionFilters }) {
  const trpc = useTRPC();
  const [filters, setFilters] = useState(initialFilters);
  const search = useDebouncedValue(filters.search.trim(), SEARCH_DEBOUNCE_MS);
  const input = {
    mine: filters.scope === "mine",
    archived: filters.state === "archived",
    search: search || undefined,
    limit: PAGE_SIZE,
  };
  const queryClient = useQueryClient();
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const refreshSoon = useCallback(() => {
    clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(
      () => void queryClient.invalidateQueries({ queryKey: trpc.session.list.pathKey() }),
      300,
    );
  }, [queryClient, trpc]);
  const isLive = useChannelEvent(SESSIONS_CHANNEL, SESSION_CHANGED_EVENT, refreshSoon);
  const sessions = useInfiniteQuery(
    trpc.session.list.infiniteQueryOptions(input, {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      placeholderData: keepPreviousData,
      refetchInterval: isLive ? false : REFRESH_INTERVAL_MS,
    }),
  );

  // The address follows the filters (replace, not push: typing is not navigation).
  const query = sessionFiltersQuery({ ...filters, search });
  useEffect(() => {
    window.history.replaceState(null, "", `${window.location.pathname}${query}`);
  }, [query]);

  const rows = sessions.data?.pages.flatMap((page) => page.sessions) ?? [];

  return (
    <div className="flex flex-col gap-6">
      <div className="flex items-center justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold">Sessions</h1>
          <p className="text-sm text-muted">Conversations with the agent about a repository, live or finished.</p>
        </div>
        <Link href="/sessions/new" className={buttonClasses()}>
          New session
        </Link>
      </div>
      <SessionsListFilters filters={filters} onChange={setFilters} />
      {sessions.isPending ? (
        <p className="text-sm text-muted">Loading sessions…</p>
      ) : sessions.isError ? (
        <p role="alert" className="text-sm text-danger">
          Could not load sessions: {errorMessage(sessions.error)}
        </p>
      ) : rows.length === 0 ? (
        <SessionsListEmpty filters={filters} onChange={setFilters} />
      ) : (
        <div className="flex flex-col gap-4">
          <ul
            aria-label="Sessions"
            aria-busy={sessions.isPlaceholderData || undefined}
            className="divide-y divide-border rounded-lg border border-border"
          >
            {rows.map((session) => (
              <SessionsListRow key={session.id} session={session} />
            ))}
          </ul>
          {sessions.hasNextPage ? (
            <Button
              variant="secondary"
              className="self-center"
              disabled={sessions.isFetchingNextPage}
              onClick={() => void sessions.fetchNextPage()}
            >
              {sessions.isFetchingNextPage ? "Loading more…" : "Show more sessions"}
            </Button>
          ) : null}
        </div>
      )}
      <p role="status" className="sr-only">
        {sessions.isSuccess
          ? `${rows.length}${sessions.hasNextPage ? " or more" : ""} session${rows.length === 1 ? "" : "s"} shown`
          : ""}
      </p>
    </div>
  );
}
