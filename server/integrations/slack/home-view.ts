// The bot's Home tab as Block Kit: for someone Nightshift knows, their choices for the sessions
// they start from Slack (for every repository, or for one) and their recent sessions; for anyone
// else, a link to say who they are. Within Slack's limits: 100 blocks in a Home tab, 100 options
// in a menu, 75 characters an option's text. Pure; ./home.ts gathers what it shows.
import type { types } from "@slack/bolt";
import type { SessionStatus } from "../../generated/prisma/client";
import { escapeMrkdwn } from "./format";
import type { Preferences } from "./preferences";

type KnownBlock = types.KnownBlock;
type Option = { text: { type: "plain_text"; text: string }; value: string };

export const HOME_ACTIONS = {
  scope: "home_scope",
  model: "home_model",
  effort: "home_effort",
  branch: "home_branch",
  clear: "home_clear",
  /** One per repository with choices: home_edit_0, home_edit_1, … */
  edit: "home_edit_",
} as const;

/** The menu value for "no choice": the repository's (or Nightshift's) default. */
export const DEFAULT_VALUE = "default";
/** The scope menu's value for every repository. */
export const EVERY_REPOSITORY = "all";

const MAX_OPTIONS = 100;
const MAX_OPTION_TEXT = 75;
const MAX_OVERRIDES = 40;

export type HomeRepository = { id: string; name: string };
export type HomeSession = { title: string; url: string; repository: string; status: SessionStatus; updatedAt: Date };
export type HomeModel = { id: string; label: string; efforts: Array<{ id: string; label: string }> };

export type HomeData = {
  person: string;
  /** The repository whose choices are shown for editing; null for every repository. */
  scope: HomeRepository | null;
  repositories: HomeRepository[];
  choices: Preferences;
  /** What runs when the shown choices name no model, and the models one can choose. */
  defaultModel: string;
  models: HomeModel[];
  /** The efforts of the model that would run with the shown choices. */
  efforts: Array<{ id: string; label: string }>;
  overrides: Array<{ repository: HomeRepository; choices: Preferences }>;
  sessions: HomeSession[];
  /** Why the last change was refused, in words. */
  notice: string | null;
};

export function homeView(data: HomeData): { type: "home"; private_metadata: string; blocks: KnownBlock[] } {
  const scopeValue = data.scope?.id ?? EVERY_REPOSITORY;
  const scopeOptions = [
    option("Every repository", EVERY_REPOSITORY),
    ...data.repositories.map((repository) => option(repository.name, repository.id)),
  ].slice(0, MAX_OPTIONS);
  const modelOptions = [
    option(`Default (${data.defaultModel})`, DEFAULT_VALUE),
    ...data.models.map((model) => option(`${model.label} (${model.id})`, model.id)),
  ].slice(0, MAX_OPTIONS);
  const effortOptions = [
    option("The model's default", DEFAULT_VALUE),
    ...data.efforts.map((effort) => option(effort.label, effort.id)),
  ];
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: "Nightshift" } },
    section(
      `You are *${escapeMrkdwn(data.person)}* in Nightshift. Mention me in a channel, or write to me here, to start a session; the choices below apply to the sessions you start from Slack.`,
    ),
    { type: "divider" },
    {
      type: "section",
      text: { type: "mrkdwn", text: "*Your choices* for" },
      accessory: {
        type: "static_select",
        action_id: HOME_ACTIONS.scope,
        options: scopeOptions,
        initial_option: scopeOptions.find((candidate) => candidate.value === scopeValue) ?? scopeOptions[0]!,
      },
    },
    context(
      data.scope
        ? `For ${escapeMrkdwn(data.scope.name)}: these win over your choices for every repository.`
        : "For every repository, unless you chose otherwise for one.",
    ),
    {
      type: "actions",
      elements: [
        {
          type: "static_select",
          action_id: HOME_ACTIONS.model,
          placeholder: { type: "plain_text", text: "Model" },
          options: modelOptions,
          ...initial(modelOptions, data.choices.model),
        },
        ...(data.efforts.length > 0
          ? [
              {
                type: "static_select" as const,
                action_id: HOME_ACTIONS.effort,
                placeholder: { type: "plain_text" as const, text: "Reasoning effort" },
                options: effortOptions,
                ...initial(effortOptions, data.choices.reasoningEffort),
              },
            ]
          : []),
      ],
    },
    {
      type: "input",
      dispatch_action: true,
      label: { type: "plain_text", text: "Base branch (press Enter to save)" },
      hint: { type: "plain_text", text: "Sessions start from this branch; empty is the repository's default." },
      optional: true,
      element: {
        type: "plain_text_input",
        action_id: HOME_ACTIONS.branch,
        placeholder: { type: "plain_text", text: "The repository's default branch" },
        ...(data.choices.baseBranch ? { initial_value: data.choices.baseBranch } : {}),
        dispatch_action_config: { trigger_actions_on: ["on_enter_pressed"] },
      },
    },
  ];
  if (data.choices.model || data.choices.reasoningEffort || data.choices.baseBranch)
    blocks.push({
      type: "actions",
      elements: [
        {
          type: "button",
          action_id: HOME_ACTIONS.clear,
          text: { type: "plain_text", text: "Clear these choices" },
          value: scopeValue,
        },
      ],
    });
  if (data.notice) blocks.push(context(`:warning: ${escapeMrkdwn(data.notice)}`));

  blocks.push({ type: "divider" }, section("*Choices for one repository*"));
  if (data.overrides.length === 0) blocks.push(context("None yet: choose a repository above to set some."));
  data.overrides.slice(0, MAX_OVERRIDES).forEach(({ repository, choices }, index) =>
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: `*${escapeMrkdwn(repository.name)}*\n${describe(choices)}` },
      accessory: {
        type: "button",
        action_id: `${HOME_ACTIONS.edit}${index}`,
        text: { type: "plain_text", text: "Edit" },
        value: repository.id,
      },
    }),
  );
  if (data.overrides.length > MAX_OVERRIDES)
    blocks.push(context(`And ${data.overrides.length - MAX_OVERRIDES} more: choose one above to see it.`));

  blocks.push({ type: "divider" }, section("*Your recent sessions*"));
  if (data.sessions.length === 0) blocks.push(context("None yet."));
  for (const session of data.sessions)
    blocks.push(
      section(
        `<${session.url}|${escapeMrkdwn(session.title)}>\n${escapeMrkdwn(session.repository)} · ${STATUS_WORDS[session.status]} · ${when(session.updatedAt)}`,
      ),
    );
  return { type: "home", private_metadata: scopeValue, blocks };
}

/** The Home tab of someone Nightshift does not know yet. */
export function strangerHomeView(linkUrl: string, minutes: number) {
  return {
    type: "home" as const,
    private_metadata: EVERY_REPOSITORY,
    blocks: [
      { type: "header", text: { type: "plain_text", text: "Nightshift" } },
      section(
        `I do not know who you are in Nightshift yet. Sign in to Nightshift and link your Slack account; then your choices and sessions show here. The link is good for ${minutes} minutes, and only for you.`,
      ),
      {
        type: "actions",
        elements: [
          {
            type: "button",
            action_id: "link_account",
            text: { type: "plain_text", text: "Link my Slack account" },
            url: linkUrl,
            style: "primary",
          },
        ],
      },
    ] satisfies KnownBlock[],
  };
}

const STATUS_WORDS: Record<SessionStatus, string> = {
  created: "waiting",
  active: "working",
  completed: "done",
  failed: "failed",
  archived: "archived",
  cancelled: "stopped",
};

function describe(choices: Preferences): string {
  const parts = [
    choices.model && `model ${choices.model}`,
    choices.reasoningEffort && `${choices.reasoningEffort} effort`,
    choices.baseBranch && `from ${choices.baseBranch}`,
  ].filter(Boolean);
  return escapeMrkdwn(parts.join(" · "));
}

/** Slack's date markup: shown in the reader's own time zone, with a plain fallback. */
function when(date: Date): string {
  const seconds = Math.floor(date.getTime() / 1000);
  return `<!date^${seconds}^{date_short_pretty} {time}|${date.toISOString().slice(0, 16).replace("T", " ")} UTC>`;
}

function option(text: string, value: string): Option {
  const short = text.length > MAX_OPTION_TEXT ? `${text.slice(0, MAX_OPTION_TEXT - 1)}…` : text;
  return { text: { type: "plain_text", text: short }, value };
}

function initial(options: Option[], value: string | null): { initial_option?: Option } {
  const found = options.find((candidate) => candidate.value === (value ?? DEFAULT_VALUE));
  return found ? { initial_option: found } : {};
}

const section = (text: string): KnownBlock => ({ type: "section", text: { type: "mrkdwn", text } });
const context = (text: string): KnownBlock => ({ type: "context", elements: [{ type: "mrkdwn", text }] });
