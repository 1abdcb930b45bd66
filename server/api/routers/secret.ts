import { listScopeSecrets, previewPastedSecrets, removeSecret, savePastedSecrets } from "../../secrets/manage-secrets";
import { pastedSecretsText, secretKey, secretScopeInput } from "../../secrets/schemas";
import { createTRPCRouter, protectedProcedure } from "../trpc";

/** No repositoryId: the global secrets. Values are taken in, never given out. */
const pasted = secretScopeInput.extend({ text: pastedSecretsText });

export const secretRouter = createTRPCRouter({
  list: protectedProcedure.input(secretScopeInput).query(({ ctx, input }) => listScopeSecrets(input, ctx.user.id)),
  preview: protectedProcedure.input(pasted).mutation(({ ctx, input }) => previewPastedSecrets(input, ctx.user.id)),
  save: protectedProcedure.input(pasted).mutation(({ ctx, input }) => savePastedSecrets(input, ctx.user.id)),
  remove: protectedProcedure
    .input(secretScopeInput.extend({ key: secretKey }))
    .mutation(({ ctx, input }) => removeSecret(input, ctx.user.id)),
});
