import { listScopeSecrets, previewPastedSecrets, removeSecret, savePastedSecrets } from "../../secrets/manage-secrets";
import { pastedSecretsText, secretKey, secretScopeInput } from "../../secrets/schemas";
import { createTRPCRouter, protectedProcedure } from "../trpc";

/** No repositoryId: the global secrets. Values are taken in, never given out. */
const pasted = secretScopeInput.extend({ text: pastedSecretsText });

export const secretRouter = createTRPCRouter({
  list: protectedProcedure
    .input(secretScopeInput)
    .query(({ ctx, input }) => listScopeSecrets({ ...input, actor: ctx.actor })),
  preview: protectedProcedure
    .input(pasted)
    .mutation(({ ctx, input }) => previewPastedSecrets({ ...input, actor: ctx.actor })),
  save: protectedProcedure
    .input(pasted)
    .mutation(({ ctx, input }) => savePastedSecrets({ ...input, actor: ctx.actor })),
  remove: protectedProcedure
    .input(secretScopeInput.extend({ key: secretKey }))
    .mutation(({ ctx, input }) => removeSecret({ ...input, actor: ctx.actor })),
});
