"use client";

import { useEffect, useState } from "react";
import type { PresenceState } from "@/server/realtime/channels";

/** No keyboard, pointer or scroll input for this long: idle. */
export const IDLE_AFTER_MS = 2 * 60_000;

/** How present the person at this page is: away when the tab is hidden, idle without input, else active. */
export function usePresenceState(): PresenceState {
  const [state, setState] = useState<PresenceState>("active");
  useEffect(() => {
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    const current = (): PresenceState => (document.visibilityState === "hidden" ? "away" : "active");
    const activity = () => {
      clearTimeout(idleTimer);
      setState(current());
      idleTimer = setTimeout(() => setState(document.visibilityState === "hidden" ? "away" : "idle"), IDLE_AFTER_MS);
    };
    const events = ["keydown", "pointerdown", "pointermove", "scroll", "focus"] as const;
    for (const event of events) window.addEventListener(event, activity, { passive: true });
    document.addEventListener("visibilitychange", activity);
    activity();
    return () => {
      clearTimeout(idleTimer);
      for (const event of events) window.removeEventListener(event, activity);
      document.removeEventListener("visibilitychange", activity);
    };
  }, []);
  return state;
}
