import { z } from "zod";
import { reasoningEffortSchema } from "../sessions/schemas";

export const addLocalRepositoryInput = z.object({
  path: z.string().trim().min(1, "Enter the path of a git repository on this machine.").max(4096, "That path is too long."),
});

export const repositoryIdInput = z.object({ id: z.string().min(1).max(64) });

/** A GitHub login: letters, digits and single hyphens, 39 characters at most. */
const githubLogin = z
  .string()
  .trim()
  .regex(/^[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38}$/i, "is not a GitHub login")
  .transform((login) => login.toLowerCase());

/** Changes to a repository's settings: every field optional; null clears an optional one. */
export const repositorySettingsPatch = z
  .object({
    botEnabled: z.boolean(),
    autoReview: z.boolean(),
    allowedUsers: z.array(githubLogin).max(100, "At most 100 people can be on the allow list."),
    reviewInstructions: z.string().trim().max(10_000, "Review instructions can be at most 10,000 characters.").nullable(),
    defaultModel: z.string().trim().min(1).max(200).nullable(),
    defaultReasoningEffort: reasoningEffortSchema.nullable(),
    draftPullRequests: z.boolean(),
    pullRequestLabel: z.string().trim().min(1, "A label cannot be empty; clear it instead.").max(50, "GitHub labels are at most 50 characters.").nullable(),
  })
  .partial();
export type RepositorySettingsPatch = z.infer<typeof repositorySettingsPatch>;

export const updateRepositorySettingsInput = repositoryIdInput.extend({ settings: repositorySettingsPatch });
