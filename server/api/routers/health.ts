import { checkHealth } from "../../health/check-health";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const healthRouter = createTRPCRouter({
  get: publicProcedure.query(() => checkHealth()),
});
