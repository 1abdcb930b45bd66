import { z } from "zod";
import {
  customProviderInput,
  listCustomProviders,
  removeCustomProvider,
  saveCustomProvider,
} from "../../models/custom-providers";
import { listModels } from "../../models/list-models";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const modelRouter = createTRPCRouter({
  /** Every model, the unavailable ones with the reason; with a repository, its secrets' keys count. */
  list: protectedProcedure
    .input(z.object({ repositoryId: z.string().min(1).max(64).nullish() }).optional())
    .query(({ ctx, input }) => listModels({ actor: ctx.actor, repositoryId: input?.repositoryId })),
  /** Custom OpenAI-compatible providers added in settings: never their keys, only whether one is set. */
  customProviders: protectedProcedure.query(() => listCustomProviders()),
  saveCustomProvider: protectedProcedure
    .input(customProviderInput)
    .mutation(({ ctx, input }) => saveCustomProvider({ provider: input, actor: ctx.actor })),
  removeCustomProvider: protectedProcedure
    .input(z.object({ slug: z.string().min(1).max(30) }))
    .mutation(({ ctx, input }) => removeCustomProvider({ slug: input.slug, actor: ctx.actor })),
});
