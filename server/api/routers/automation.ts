import { z } from "zod";
import { getAutomation, listAutomations, listFirings } from "../../automations/automation-views";
import { runAutomationNow } from "../../automations/fire-automation";
import {
  createAutomation,
  deleteAutomation,
  regenerateAutomationSecret,
  setAutomationEnabled,
  updateAutomation,
} from "../../automations/manage-automations";
import {
  automationIdInput,
  createAutomationInput,
  listFiringsInput,
  updateAutomationInput,
} from "../../automations/schemas";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const automationRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listAutomations(ctx.actor)),

  get: protectedProcedure
    .input(automationIdInput)
    .query(({ ctx, input }) => getAutomation(input.automationId, ctx.actor)),

  firings: protectedProcedure
    .input(listFiringsInput)
    .query(({ ctx, input }) => listFirings({ ...input, actor: ctx.actor })),

  create: protectedProcedure
    .input(createAutomationInput)
    .mutation(({ ctx, input }) => createAutomation(input, ctx.actor)),

  update: protectedProcedure
    .input(updateAutomationInput)
    .mutation(({ ctx, input }) => updateAutomation(input.automationId, input.changes, ctx.actor)),

  setEnabled: protectedProcedure
    .input(automationIdInput.extend({ enabled: z.boolean() }))
    .mutation(({ ctx, input }) => setAutomationEnabled(input.automationId, input.enabled, ctx.actor)),

  runNow: protectedProcedure
    .input(automationIdInput)
    .mutation(({ ctx, input }) => runAutomationNow(input.automationId, ctx.actor)),

  regenerateSecret: protectedProcedure
    .input(automationIdInput.extend({ which: z.enum(["webhookKey", "notifySecret"]) }))
    .mutation(({ ctx, input }) => regenerateAutomationSecret(input.automationId, input.which, ctx.actor)),

  delete: protectedProcedure
    .input(automationIdInput)
    .mutation(({ ctx, input }) => deleteAutomation(input.automationId, ctx.actor)),
});
