import { z } from "zod";
import {
  addSlackRoutingRule,
  getSlackRouting,
  removeSlackChannelDefault,
  removeSlackRoutingRule,
  setSlackChannelDefault,
} from "../../integrations/slack/routing";
import { channelDefaultInput, routingRuleInput } from "../../integrations/slack/routing-schemas";
import { createTRPCRouter, protectedProcedure } from "../trpc";

/** Slack's keyword rules and channel defaults: everyone reads them, administrators change them. */
export const slackRouter = createTRPCRouter({
  routing: protectedProcedure.query(({ ctx }) => getSlackRouting({ actor: ctx.actor })),
  addRule: protectedProcedure
    .input(routingRuleInput)
    .mutation(({ ctx, input }) => addSlackRoutingRule({ actor: ctx.actor, rule: input })),
  removeRule: protectedProcedure
    .input(z.object({ id: z.string().min(1) }))
    .mutation(({ ctx, input }) => removeSlackRoutingRule({ actor: ctx.actor, id: input.id })),
  setChannelDefault: protectedProcedure
    .input(channelDefaultInput)
    .mutation(({ ctx, input }) => setSlackChannelDefault({ actor: ctx.actor, channelDefault: input })),
  removeChannelDefault: protectedProcedure
    .input(z.object({ channel: z.string().min(1) }))
    .mutation(({ ctx, input }) => removeSlackChannelDefault({ actor: ctx.actor, channel: input.channel })),
});
