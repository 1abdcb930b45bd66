import { listModels } from "../../models/list-models";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const modelRouter = createTRPCRouter({
  list: protectedProcedure.query(() => listModels()),
});
