// The Home tab's events: someone opened it, or changed a choice there (a menu, the branch field
// on Enter, Clear, Edit). Each is acknowledged at once and queued as a slack-home job (./home.ts),
// which checks and saves the change and publishes the tab again. docs/slack.md#app-home.
import type { App, BlockAction } from "@slack/bolt";
import { slackHomeEvent } from "../../jobs/events";
import { getJobQueue } from "../../jobs/queue";
import { logger } from "../../logger";
import { EVERY_REPOSITORY, HOME_ACTIONS } from "./home-view";
import { type SlackHome, slackHomeSchema } from "./schema";

const FIELDS = {
  [HOME_ACTIONS.model]: "model",
  [HOME_ACTIONS.effort]: "reasoningEffort",
  [HOME_ACTIONS.branch]: "baseBranch",
} as const;

export function listenForHome(app: App): void {
  app.event("app_home_opened", async ({ event, body }) => {
    if (event.tab !== "home") return;
    await queueHome({ teamId: body.team_id, user: event.user, scope: null });
  });
  // A link button: Slack opens the link and reports the press, which needs only an acknowledgement.
  app.action("link_account", async ({ ack }) => {
    await ack();
  });
  app.action<BlockAction>(/^home_/, async ({ ack, body, action }) => {
    await ack();
    const shown = body.view?.private_metadata;
    const request = { teamId: body.team?.id ?? body.user.team_id ?? "", user: body.user.id };
    const scope = shown && shown !== EVERY_REPOSITORY ? shown : null;
    const chosen = valueOf(action);
    if (action.action_id === HOME_ACTIONS.scope || action.action_id.startsWith(HOME_ACTIONS.edit))
      return queueHome({ ...request, scope: chosen && chosen !== EVERY_REPOSITORY ? chosen : null });
    if (action.action_id === HOME_ACTIONS.clear) return queueHome({ ...request, scope, change: { kind: "clear" } });
    const field = FIELDS[action.action_id as keyof typeof FIELDS];
    if (field) return queueHome({ ...request, scope, change: { kind: "set", field, value: chosen } });
  });
}

/** What the pressed element carries: a button's value, a menu's choice, a text field's text. */
function valueOf(action: BlockAction["actions"][number]): string | null {
  const value: unknown =
    action.type === "static_select"
      ? (action.selected_option as { value?: unknown } | null | undefined)?.value
      : (action as { value?: unknown }).value;
  return typeof value === "string" ? value : null;
}

async function queueHome(request: SlackHome): Promise<void> {
  const parsed = slackHomeSchema.safeParse(request);
  if (!parsed.success) {
    logger.warn("Slack Home tab event not acted on: it is not as Slack sends them", { error: parsed.error });
    return;
  }
  await getJobQueue().send(slackHomeEvent, parsed.data);
}
