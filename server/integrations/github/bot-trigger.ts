// What, in a webhook delivery, asks the bot for something: a mention in an issue or pull
// request comment or in a review comment, a review request naming the bot, or a pull request
// opened (for auto-review). Anything else, and anything the bot itself wrote, asks nothing.
import { z } from "zod";

const user = z.object({ id: z.number(), login: z.string(), type: z.string().optional() });
const repository = z.object({
  id: z.number(),
  full_name: z.string(),
  name: z.string(),
  owner: z.object({ login: z.string() }),
});

const issueComment = z.object({
  action: z.literal("created"),
  issue: z.object({
    number: z.number(),
    title: z.string(),
    body: z.string().nullish(),
    html_url: z.string(),
    pull_request: z.object({}).passthrough().nullish(),
  }),
  comment: z.object({ id: z.number(), body: z.string(), html_url: z.string() }),
  repository,
  sender: user,
});

const pullRequest = z.object({
  number: z.number(),
  title: z.string(),
  body: z.string().nullish(),
  html_url: z.string(),
  draft: z.boolean().nullish(),
  user,
  head: z.object({ ref: z.string(), repo: z.object({ full_name: z.string() }).nullish() }),
  base: z.object({ ref: z.string() }),
});

const pullRequestAction = z.object({
  action: z.enum(["opened", "review_requested"]),
  pull_request: pullRequest,
  requested_reviewer: user.nullish(),
  repository,
  sender: user,
});

const reviewComment = z.object({
  action: z.literal("created"),
  comment: z.object({
    id: z.number(),
    body: z.string(),
    html_url: z.string(),
    path: z.string(),
    line: z.number().nullish(),
    diff_hunk: z.string(),
  }),
  pull_request: pullRequest,
  repository,
  sender: user,
});

/** What the bot was asked, in our own terms: the github-bot job's payload (server/jobs/events.ts). */
export const botTriggerSchema = z.object({
  kind: z.enum(["mention", "review"]),
  /** Why: "issue_comment", "review_comment", "review_requested", "pull_request_opened". */
  cause: z.enum(["issue_comment", "review_comment", "review_requested", "pull_request_opened"]),
  repository: z.object({ githubId: z.number(), owner: z.string(), name: z.string() }),
  number: z.number(),
  isPullRequest: z.boolean(),
  title: z.string(),
  body: z.string(),
  url: z.string(),
  sender: z.object({ id: z.number(), login: z.string() }),
  comment: z
    .object({ id: z.number(), body: z.string(), url: z.string(), kind: z.enum(["issue", "review"]) })
    .nullable(),
  /** For pull requests known from the payload. */
  pull: z
    .object({
      headRef: z.string(),
      baseRef: z.string(),
      fromFork: z.boolean(),
      draft: z.boolean(),
      authorLogin: z.string(),
    })
    .nullable(),
  /** For review comments: where in the diff. */
  location: z.object({ path: z.string(), line: z.number().nullable(), diffHunk: z.string() }).nullable(),
});
export type BotTrigger = z.infer<typeof botTriggerSchema>;

/** `slug` is the App's; its bot is "<slug>[bot]" and is mentioned as "@<slug>". */
export function botTrigger(event: string, payload: unknown, slug: string): BotTrigger | null {
  const botLogin = `${slug}[bot]`.toLowerCase();
  const mentions = (text: string) => new RegExp(`(^|[^\\w-])@${escape(slug)}(\\[bot\\])?(?![\\w-])`, "i").test(text);
  const isBot = (login: string) => login.toLowerCase() === botLogin;

  if (event === "issue_comment") {
    const parsed = issueComment.safeParse(payload);
    if (!parsed.success || isBot(parsed.data.sender.login) || !mentions(parsed.data.comment.body)) return null;
    const { issue, comment, repository: repo, sender } = parsed.data;
    return {
      kind: "mention",
      cause: "issue_comment",
      repository: repositoryOf(repo),
      number: issue.number,
      isPullRequest: Boolean(issue.pull_request),
      title: issue.title,
      body: issue.body ?? "",
      url: issue.html_url,
      sender: { id: sender.id, login: sender.login },
      comment: { id: comment.id, body: comment.body, url: comment.html_url, kind: "issue" },
      pull: null,
      location: null,
    };
  }
  if (event === "pull_request_review_comment") {
    const parsed = reviewComment.safeParse(payload);
    if (!parsed.success || isBot(parsed.data.sender.login) || !mentions(parsed.data.comment.body)) return null;
    const { comment, pull_request: pr, repository: repo, sender } = parsed.data;
    return {
      ...pullTrigger(pr, repo, sender, "mention", "review_comment"),
      comment: { id: comment.id, body: comment.body, url: comment.html_url, kind: "review" },
      location: { path: comment.path, line: comment.line ?? null, diffHunk: comment.diff_hunk },
    };
  }
  if (event === "pull_request") {
    const parsed = pullRequestAction.safeParse(payload);
    if (!parsed.success) return null;
    const { action, pull_request: pr, repository: repo, sender } = parsed.data;
    if (action === "review_requested") {
      if (!parsed.data.requested_reviewer || !isBot(parsed.data.requested_reviewer.login)) return null;
      return pullTrigger(pr, repo, sender, "review", "review_requested");
    }
    // Opened: reviewed when the repository asks for it (checked by the bot), never drafts or the bot's own.
    if (pr.draft || isBot(pr.user.login)) return null;
    return pullTrigger(pr, repo, sender, "review", "pull_request_opened");
  }
  return null;
}

function pullTrigger(
  pr: z.infer<typeof pullRequest>,
  repo: z.infer<typeof repository>,
  sender: z.infer<typeof user>,
  kind: BotTrigger["kind"],
  cause: BotTrigger["cause"],
): BotTrigger {
  return {
    kind,
    cause,
    repository: repositoryOf(repo),
    number: pr.number,
    isPullRequest: true,
    title: pr.title,
    body: pr.body ?? "",
    url: pr.html_url,
    sender: { id: sender.id, login: sender.login },
    comment: null,
    pull: {
      headRef: pr.head.ref,
      baseRef: pr.base.ref,
      fromFork: (pr.head.repo?.full_name ?? repo.full_name) !== repo.full_name,
      draft: pr.draft ?? false,
      authorLogin: pr.user.login,
    },
    location: null,
  };
}

function repositoryOf(repo: z.infer<typeof repository>): BotTrigger["repository"] {
  return { githubId: repo.id, owner: repo.owner.login, name: repo.name };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
