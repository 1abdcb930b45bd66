"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "@/lib/trpc/client";
import { createRealtimeClient } from "./client";

/**
 * Calls `onEvent` for each `event` on `channel` while the component is mounted. Returns whether
 * the realtime connection is up, so callers can fall back to polling when it is not.
 */
export function useChannelEvent(channel: string, event: string, onEvent: (data: unknown) => void): boolean {
  const trpc = useTRPC();
  const config = useQuery(trpc.realtime.config.queryOptions(undefined, { staleTime: Number.POSITIVE_INFINITY }));
  const [isLive, setIsLive] = useState(false);
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  }, [onEvent]);

  useEffect(() => {
    if (!config.data) return;
    const pusher = createRealtimeClient(config.data);
    pusher.subscribe(channel).bind(event, (data: unknown) => handler.current(data));
    pusher.connection.bind("state_change", ({ current }: { current: string }) => setIsLive(current === "connected"));
    return () => pusher.disconnect();
  }, [config.data, channel, event]);

  return isLive && Boolean(config.data);
}
