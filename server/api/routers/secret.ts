import { z } from "zod";
import { listScopeSecrets, previewPastedSecrets, removeSecret, savePastedSecrets } from "../../secrets/manage-secrets";
import { createTRPCRouter, protectedProcedure } from "../trpc";

/** No repositoryId: the global secrets. Values are taken in, never given out. */
const scope = z.object({ repositoryId: z.string().min(1).max(64).nullish() });
const pasted = scope.extend({ text: z.string().max(200_000, "Paste at most 200,000 characters at once.") });

export const secretRouter = createTRPCRouter({
  list: protectedProcedure.input(scope).query(({ ctx, input }) => listScopeSecrets(input, ctx.user.id)),
  preview: protectedProcedure.input(pasted).mutation(({ ctx, input }) => previewPastedSecrets(input, ctx.user.id)),
  save: protectedProcedure.input(pasted).mutation(({ ctx, input }) => savePastedSecrets(input, ctx.user.id)),
  remove: protectedProcedure.input(scope.extend({ key: z.string().min(1).max(128) })).mutation(({ ctx, input }) => removeSecret(input, ctx.user.id)),
});
