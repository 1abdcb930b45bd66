"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";

/**
 * Nightshift's own settings as the signed-in person sees them: who administers it, whether they
 * may change global settings (`canChange`), and whether local repositories can be added.
 */
export function useInstanceSettings() {
  const trpc = useTRPC();
  return useQuery(trpc.settings.get.queryOptions(undefined, { staleTime: 60_000 }));
}
