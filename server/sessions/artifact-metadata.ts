// What an artifact's `metadata` column holds, by kind: written by the control plane (a push, a
// pull request opened, GitHub saying it changed), read by the session page. Pure zod, so the
// browser can import it. Screenshots and previews have none yet.
import { match, P } from "ts-pattern";
import { z } from "zod";

/** The session branch as last pushed (apply-bridge-events.ts). */
export const branchMetadataSchema = z.object({
  branch: z.string(),
  commit: z.string().nullable(),
  remote: z.string().nullable(),
});
export type BranchMetadata = z.infer<typeof branchMetadataSchema>;

/** A pull request on GitHub (pull-requests.ts), kept up to date by its webhooks (pull-request-state.ts). */
export const githubPullRequestMetadataSchema = z.object({
  number: z.number().int(),
  title: z.string(),
  state: z.enum(["open", "closed", "merged"]),
  draft: z.boolean(),
  base: z.string().optional(),
  head: z.string().optional(),
  /** Whose token opened it: the person who prompted, or the GitHub App when they had none. */
  openedAs: z.enum(["user", "app"]).optional(),
});
export type GithubPullRequestMetadata = z.infer<typeof githubPullRequestMetadataSchema>;

/** A local repository's "pull request": the session branch, ready for review in Nightshift. */
export const localPullRequestMetadataSchema = z.object({
  local: z.literal(true),
  title: z.string(),
  body: z.string(),
  base: z.string(),
  head: z.string(),
  branch: z.string(),
  state: z.literal("open"),
});
export type LocalPullRequestMetadata = z.infer<typeof localPullRequestMetadataSchema>;

export const pullRequestMetadataSchema = z.union([localPullRequestMetadataSchema, githubPullRequestMetadataSchema]);
export type PullRequestMetadata = z.infer<typeof pullRequestMetadataSchema>;

/** An artifact as it leaves the server: its metadata parsed by kind, or null when it does not fit. */
export type ArtifactView = { id: string; url: string; createdAt: Date } & (
  | { kind: "branch"; metadata: BranchMetadata | null }
  | { kind: "pr"; metadata: PullRequestMetadata | null }
  | { kind: "screenshot" | "preview"; metadata: null }
);

type ArtifactRow = { id: string; kind: ArtifactView["kind"]; url: string; metadata: unknown; createdAt: Date };

export function toArtifactView({ metadata, ...row }: ArtifactRow): ArtifactView {
  return match<ArtifactView["kind"], ArtifactView>(row.kind)
    .with("branch", (kind) => ({ ...row, kind, metadata: branchMetadataSchema.safeParse(metadata).data ?? null }))
    .with("pr", (kind) => ({ ...row, kind, metadata: pullRequestMetadataSchema.safeParse(metadata).data ?? null }))
    .with(P.union("screenshot", "preview"), (kind) => ({ ...row, kind, metadata: null }))
    .exhaustive();
}
