import { z } from "zod";
import {
  addLinearMapping,
  getLinearSettings,
  linearMappingInput,
  removeLinearMapping,
} from "../../integrations/linear/settings";
import { createTRPCRouter, protectedProcedure } from "../trpc";

/** The Linear agent's installation and mappings: everyone reads them, administrators change them. */
export const linearRouter = createTRPCRouter({
  settings: protectedProcedure.query(({ ctx }) => getLinearSettings({ actor: ctx.actor })),
  addMapping: protectedProcedure
    .input(linearMappingInput)
    .mutation(({ ctx, input }) => addLinearMapping({ actor: ctx.actor, mapping: input })),
  removeMapping: protectedProcedure
    .input(z.object({ id: z.string().min(1) }))
    .mutation(({ ctx, input }) => removeLinearMapping({ actor: ctx.actor, id: input.id })),
});
