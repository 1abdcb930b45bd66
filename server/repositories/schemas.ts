import { z } from "zod";
import { budgetUsd } from "../budgets/money";
import { reasoningEffortSchema } from "../sessions/schemas";
import { branchNameProblem } from "../git/branch-name";
import {
  DEFAULT_SETUP_TIMEOUT_SECONDS,
  DEFAULT_START_TIMEOUT_SECONDS,
  SETUP_TIMEOUT_RANGE,
  START_TIMEOUT_RANGE,
} from "../sandboxes/time-limits";

export const addLocalRepositoryInput = z.object({
  path: z
    .string()
    .trim()
    .min(1, "Enter the path of a git repository on this machine.")
    .max(4096, "That path is too long."),
});

export const repositoryIdInput = z.object({ id: z.string().min(1).max(64) });

/** A GitHub login: letters, digits and single hyphens, 39 characters at most. */
const githubLogin = z
  .string()
  .trim()
  .regex(/^[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38}$/i, "is not a GitHub login")
  .transform((login) => login.toLowerCase());

/** A host a sandbox may reach: a name, or `*.` and a name for it and everything under it. */
const egressHost = z
  .string()
  .trim()
  .toLowerCase()
  .max(253, "A host name is at most 253 characters.")
  .regex(
    /^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?$/,
    'is not a host name: write it as "registry.npmjs.org", or "*.example.com" for a domain and everything under it',
  );

/** A time limit in whole seconds within `range`; null: Nightshift's default. */
function timeLimit(what: string, range: { min: number; max: number }) {
  const outside = `${what} must be between ${range.min} and ${range.max.toLocaleString("en-US")} seconds.`;
  return z
    .number({ error: `${what} is a number of seconds.` })
    .int(`${what} is a whole number of seconds.`)
    .min(range.min, outside)
    .max(range.max, outside)
    .nullable();
}

/** Changes to a repository's settings: every field optional; null clears an optional one. */
export const repositorySettingsPatch = z
  .object({
    botEnabled: z.boolean(),
    autoReview: z.boolean(),
    allowedUsers: z.array(githubLogin).max(100, "At most 100 people can be on the allow list."),
    reviewInstructions: z
      .string()
      .trim()
      .max(10_000, "Review instructions can be at most 10,000 characters.")
      .nullable(),
    defaultModel: z.string().trim().min(1).max(200).nullable(),
    defaultReasoningEffort: reasoningEffortSchema.nullable(),
    draftPullRequests: z.boolean(),
    pullRequestLabel: z
      .string()
      .trim()
      .min(1, "A label cannot be empty; clear it instead.")
      .max(50, "GitHub labels are at most 50 characters.")
      .nullable(),
    defaultBaseBranch: z
      .string()
      .trim()
      .max(255, "A branch name can be at most 255 characters.")
      .refine((name) => branchNameProblem(name) === undefined, {
        error: (issue) => branchNameProblem(String(issue.input)),
      })
      .nullable()
      .describe("The branch sessions start from when they name none; null: the repository's default branch."),
    setupTimeoutSeconds: timeLimit("The setup time limit", SETUP_TIMEOUT_RANGE).describe(
      `Seconds .nightshift/setup.sh may run; null: ${DEFAULT_SETUP_TIMEOUT_SECONDS}.`,
    ),
    startTimeoutSeconds: timeLimit("The start time limit", START_TIMEOUT_RANGE).describe(
      `Seconds .nightshift/start.sh may run; null: ${DEFAULT_START_TIMEOUT_SECONDS}.`,
    ),
    egressMode: z
      .enum(["public", "allowlist", "none"], { error: "The network access is public, allowlist or none." })
      .describe(
        "Where sandboxes may connect beyond Nightshift: the public internet, only egressHosts, or nowhere. Administrators only.",
      ),
    egressHosts: z
      .array(egressHost)
      .max(100, "At most 100 hosts can be on the list.")
      .describe('Hosts sandboxes may reach with egressMode allowlist: "registry.npmjs.org", "*.github.com".'),
    monthlyBudgetUsd: budgetUsd("The monthly budget").describe(
      "US dollars the repository's model calls may cost in a UTC calendar month; null: no limit. Administrators only.",
    ),
    imageBuildsEnabled: z
      .boolean()
      .describe(
        "Build prebuilt images of the default branch every 30 minutes when it moved; new sessions on it start from the newest (GET /api/v1/repositories/{id}/images).",
      ),
  })
  .partial();
export type RepositorySettingsPatch = z.infer<typeof repositorySettingsPatch>;

export const updateRepositorySettingsInput = repositoryIdInput.extend({ settings: repositorySettingsPatch });
