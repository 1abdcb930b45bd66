import { realtimeClientConfig } from "../../realtime/client-config";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const realtimeRouter = createTRPCRouter({
  /** How the browser connects for live updates; null when this server has no realtime. */
  config: protectedProcedure.query(() => realtimeClientConfig()),
});
