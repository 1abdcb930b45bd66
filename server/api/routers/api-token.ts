import { z } from "zod";
import { createApiToken, listApiTokens, revokeApiToken } from "../../api-tokens/api-tokens";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const apiTokenRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listApiTokens({ userId: ctx.user.id })),

  create: protectedProcedure
    .input(z.object({ name: z.string().trim().min(1, "Name the token, e.g. after where it will be used.").max(100) }))
    .mutation(({ ctx, input }) => createApiToken({ userId: ctx.user.id, name: input.name })),

  revoke: protectedProcedure
    .input(z.object({ id: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) => revokeApiToken({ userId: ctx.user.id, id: input.id })),
});
