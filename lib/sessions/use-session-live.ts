"use client";

// A session page's live state: the snapshot from session.get, then the timeline kept equal to
// the stored one over realtime (lib/sessions/timeline-sync.ts), and who else has the page open.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { PresenceChannel } from "pusher-js";
import { useEffect, useRef, useState } from "react";
import { createRealtimeClient } from "@/lib/realtime/client";
import { useTRPC, useTRPCClient } from "@/lib/trpc/client";
import { EVENT_REFRESHES } from "@/server/events/refreshes";
import type { StoredEvent } from "@/server/events/stored-event";
import {
  PRESENCE_STATE_EVENT,
  type PresenceState,
  parseTimelineMessage,
  presenceChannel,
  presenceStateMessageSchema,
  SESSION_CHANGED_EVENT,
  sessionChannel,
  TIMELINE_EVENT,
  USAGE_EVENT,
} from "@/server/realtime/channels";
import { usageMessageSchema } from "@/server/models/gateway/session-usage";
import { usePresenceState } from "./use-presence-state";
import { type TimelineEntry, TimelineSync } from "./timeline-sync";

export type PresentPerson = { id: string; name: string; image: string | null; state: PresenceState };
export type LiveConnection = "connecting" | "live" | "offline" | "unavailable";

export function useSessionLive(sessionId: string) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const snapshot = useQuery(trpc.session.get.queryOptions({ sessionId }));
  const config = useQuery(trpc.realtime.config.queryOptions(undefined, { staleTime: Number.POSITIVE_INFINITY }));
  const [entries, setEntries] = useState<readonly TimelineEntry[]>([]);
  const [members, setMembers] = useState<Array<Omit<PresentPerson, "state">>>([]);
  const [states, setStates] = useState<Record<string, PresenceState>>({});
  const myState = usePresenceState();
  const announce = useMutation(trpc.session.presence.mutationOptions());
  const announceState = announce.mutate;
  const [announceAgain, setAnnounceAgain] = useState(0);
  const [connection, setConnection] = useState<LiveConnection>("connecting");
  const syncRef = useRef<TimelineSync | null>(null);
  const [hasEarlier, setHasEarlier] = useState(false);
  const [isLoadingEarlier, setIsLoadingEarlier] = useState(false);
  const loaded = snapshot.data !== undefined;

  // The timeline: built once from the first snapshot, then kept up to date by realtime.
  useEffect(() => {
    if (!loaded || syncRef.current) return;
    const sync = new TimelineSync(async (afterSeq, limit) => {
      const page = await client.session.events.query({ sessionId, afterSeq, limit });
      return { lastSeq: page.lastSeq, events: page.events.map(toEntry) };
    }, setEntries);
    const timeline = snapshot.data.timeline;
    sync.load({ lastSeq: timeline.lastSeq, events: timeline.events.map(toEntry) });
    syncRef.current = sync;
    setHasEarlier(timeline.hasEarlier);
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
    events.bind(TIMELINE_EVENT, (raw: unknown) => {
      const message = parseTimelineMessage(raw);
      // Not a message this page can read: what it held is fetched instead.
      if (!message) return syncRef.current?.resync();
      syncRef.current?.receive(message.events);
      if (message.events.some((event) => EVENT_REFRESHES[event.type].session)) refreshSoon();
    });
    events.bind(SESSION_CHANGED_EVENT, refreshSoon);
    // The meter: the session's new totals after each model call, applied as they come.
    events.bind(USAGE_EVENT, (raw: unknown) => {
      const message = usageMessageSchema.safeParse(raw).data;
      if (!message || message.sessionId !== sessionId) return;
      queryClient.setQueryData(trpc.session.get.queryKey({ sessionId }), (current) =>
        current
          ? {
              ...current,
              usage: message.usage,
              session: { ...current.session, totalCostUsd: message.usage.costUsd },
            }
          : current,
      );
      // Each prompt's own cost comes with the session: fetched again, once calls pause.
      refreshSoon();
    });
    // Whatever was stored between the snapshot (or a lost connection) and this subscription.
    events.bind("pusher:subscription_succeeded", () => {
      syncRef.current?.resync();
      refreshSoon();
    });
    events.bind(PRESENCE_STATE_EVENT, (raw: unknown) => {
      const message = presenceStateMessageSchema.safeParse(raw).data;
      if (message) setStates((current) => ({ ...current, [message.userId]: message.state }));
    });
    const presence = pusher.subscribe(presenceChannel(sessionId)) as PresenceChannel;
    const updatePresence = () => {
      const people: Array<Omit<PresentPerson, "state">> = [];
      presence.members.each((member: { id: string; info: { name?: string; image?: string | null } }) =>
        people.push({ id: member.id, name: member.info.name ?? "Someone", image: member.info.image ?? null }),
      );
      setMembers(people.sort((a, b) => a.name.localeCompare(b.name)));
    };
    for (const event of ["pusher:subscription_succeeded", "pusher:member_removed"])
      presence.bind(event, updatePresence);
    // Nothing about states is stored: whoever arrives learns them because every page says its own again.
    presence.bind("pusher:member_added", () => {
      updatePresence();
      setAnnounceAgain((count) => count + 1);
    });
    pusher.connection.bind("state_change", ({ current }: { current: string }) => {
      setConnection(
        current === "connected"
          ? "live"
          : current === "connecting" || current === "initialized"
            ? "connecting"
            : "offline",
      );
    });
    return () => {
      clearTimeout(refreshTimer);
      pusher.disconnect();
    };
  }, [loaded, config.data, queryClient, sessionId, trpc]);

  // This page's own state, said when it changes and whenever someone arrives.
  useEffect(() => {
    if (connection === "live") announceState({ sessionId, state: myState });
  }, [announceState, sessionId, myState, connection, announceAgain]);

  /** The page of events before the first one shown (the reader scrolled up). */
  async function loadEarlier(): Promise<void> {
    const sync = syncRef.current;
    if (!sync || isLoadingEarlier || !hasEarlier) return;
    setIsLoadingEarlier(true);
    try {
      const page = await client.session.events.query({ sessionId, beforeSeq: sync.firstSeq, limit: 200 });
      sync.prepend(page.events.map(toEntry));
      setHasEarlier(page.hasEarlier);
    } finally {
      setIsLoadingEarlier(false);
    }
  }

  const present: PresentPerson[] = members.map((member) => ({ ...member, state: states[member.id] ?? "active" }));
  // Without a realtime server the page still works; it just does not update by itself.
  return {
    snapshot,
    entries,
    present,
    hasEarlier,
    isLoadingEarlier,
    loadEarlier,
    connection: config.data === null ? ("unavailable" as const) : connection,
  };
}

function toEntry({ id: _id, createdAt, ...event }: StoredEvent): TimelineEntry {
  return { ...event, createdAt: createdAt.toISOString() };
}
