// The parts of GitHub's webhook payloads Nightshift reads; the rest passes through unread.
import { z } from "zod";

export const repositoryRef = z.object({ id: z.number(), full_name: z.string() });

export const pullRequestEvent = z.object({
  action: z.string(),
  number: z.number(),
  pull_request: z.object({
    number: z.number(),
    state: z.enum(["open", "closed"]),
    merged: z.boolean().nullish(),
    draft: z.boolean().nullish(),
    title: z.string(),
    html_url: z.string(),
    head: z.object({ ref: z.string() }),
  }),
  repository: repositoryRef,
});
export type PullRequestEvent = z.infer<typeof pullRequestEvent>;
