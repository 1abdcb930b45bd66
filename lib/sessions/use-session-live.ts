"use client";

// A session page's live state: the snapshot from session.get, then the timeline kept equal to
// the stored one over realtime (lib/sessions/timeline-sync.ts), and who else has the page open.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { PresenceChannel } from "pusher-js";
import { useEffect, useRef, useState } from "react";
import { createRealtimeClient } from "@/lib/realtime/client";
import { useTRPC, useTRPCClient } from "@/lib/trpc/client";
import { presenceChannel, SESSION_CHANGED_EVENT, sessionChannel, TIMELINE_EVENT, type TimelineEventMessage } from "@/server/realtime/channels";
import { type TimelineEntry, TimelineSync } from "./timeline-sync";

export type PresentPerson = { id: string; name: string; image: string | null };
export type LiveConnection = "connecting" | "live" | "offline" | "unavailable";

/** Events that change the queue or the session itself: the snapshot is fetched again. */
const REFRESHING = new Set(["user_message", "execution_complete", "sandbox_status", "session_title", "git_push"]);

export function useSessionLive(sessionId: string) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const snapshot = useQuery(trpc.session.get.queryOptions({ sessionId }));
  const config = useQuery(trpc.realtime.config.queryOptions(undefined, { staleTime: Number.POSITIVE_INFINITY }));
  const [entries, setEntries] = useState<readonly TimelineEntry[]>([]);
  const [present, setPresent] = useState<PresentPerson[]>([]);
  const [connection, setConnection] = useState<LiveConnection>("connecting");
  const syncRef = useRef<TimelineSync | null>(null);
  const loaded = snapshot.data !== undefined;

  // The timeline: built once from the first snapshot, then kept up to date by realtime.
  useEffect(() => {
    if (!loaded || syncRef.current) return;
    const sync = new TimelineSync(
      async (afterSeq, limit) => {
        const page = await client.session.events.query({ sessionId, afterSeq, limit });
        return { lastSeq: page.lastSeq, events: page.events.map(toEntry) };
      },
      setEntries,
    );
    const timeline = snapshot.data.timeline;
    sync.load({ lastSeq: timeline.lastSeq, events: timeline.events.map(toEntry) });
    syncRef.current = sync;
  }, [loaded, snapshot.data, client, sessionId]);

  // Realtime: the timeline channel and the presence channel.
  useEffect(() => {
    if (!loaded || !config.data) return;
    const pusher = createRealtimeClient(config.data);
    let refreshTimer: ReturnType<typeof setTimeout> | undefined;
    const refreshSoon = () => {
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => {
        void queryClient.invalidateQueries({ queryKey: trpc.session.get.queryKey({ sessionId }) });
        void queryClient.invalidateQueries({ queryKey: trpc.session.diff.queryKey({ sessionId }) });
      }, 150);
    };
    const events = pusher.subscribe(sessionChannel(sessionId));
    events.bind(TIMELINE_EVENT, (message: TimelineEventMessage) => {
      syncRef.current?.receive(message);
      if (REFRESHING.has(message.type)) refreshSoon();
    });
    events.bind(SESSION_CHANGED_EVENT, refreshSoon);
    // Whatever was stored between the snapshot (or a lost connection) and this subscription.
    events.bind("pusher:subscription_succeeded", () => {
      syncRef.current?.resync();
      refreshSoon();
    });
    const presence = pusher.subscribe(presenceChannel(sessionId)) as PresenceChannel;
    const updatePresence = () => {
      const people: PresentPerson[] = [];
      presence.members.each((member: { id: string; info: { name?: string; image?: string | null } }) =>
        people.push({ id: member.id, name: member.info.name ?? "Someone", image: member.info.image ?? null }),
      );
      setPresent(people.sort((a, b) => a.name.localeCompare(b.name)));
    };
    for (const event of ["pusher:subscription_succeeded", "pusher:member_added", "pusher:member_removed"]) presence.bind(event, updatePresence);
    pusher.connection.bind("state_change", ({ current }: { current: string }) => {
      setConnection(current === "connected" ? "live" : current === "connecting" || current === "initialized" ? "connecting" : "offline");
    });
    return () => {
      clearTimeout(refreshTimer);
      pusher.disconnect();
    };
  }, [loaded, config.data, queryClient, sessionId, trpc]);

  // Without a realtime server the page still works; it just does not update by itself.
  return { snapshot, entries, present, connection: config.data === null ? ("unavailable" as const) : connection };
}

function toEntry(event: { seq: number; type: string; data: unknown; messageId: string | null; createdAt: Date | string }): TimelineEntry {
  return { ...event, createdAt: typeof event.createdAt === "string" ? event.createdAt : event.createdAt.toISOString() };
}
