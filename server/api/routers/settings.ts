import { getInstanceSettings, updateInstanceSettings } from "../../settings/instance-settings";
import { instanceSettingsPatch } from "../../settings/schemas";
import { createTRPCRouter, protectedProcedure } from "../trpc";

/** Nightshift's own settings: everyone reads them, administrators change them. */
export const settingsRouter = createTRPCRouter({
  get: protectedProcedure.query(({ ctx }) => getInstanceSettings({ actor: ctx.actor })),
  update: protectedProcedure
    .input(instanceSettingsPatch)
    .mutation(({ ctx, input }) => updateInstanceSettings({ actor: ctx.actor, settings: input })),
});
