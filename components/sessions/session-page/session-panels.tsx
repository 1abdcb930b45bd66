"use client";

import { useQuery } from "@tanstack/react-query";
import { match, P } from "ts-pattern";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import type { ArtifactView, PullRequestMetadata } from "@/server/sessions/artifact-metadata";

/** The session's artifacts (its branch, pull requests, screenshots) and the files it changed. */
export function SessionPanels({ sessionId, artifacts }: { sessionId: string; artifacts: ArtifactView[] }) {
  const trpc = useTRPC();
  // Fetched again when the branch moves (the page refreshes it on each push).
  const diff = useQuery(trpc.session.diff.queryOptions({ sessionId }));

  return (
    <aside className="flex flex-col gap-4 text-sm" aria-label="Session details">
      <section aria-labelledby="artifacts-heading" className="flex flex-col gap-1">
        <h2 id="artifacts-heading" className="font-medium">
          Artifacts
        </h2>
        {artifacts.length === 0 ? (
          <p className="text-muted">Nothing yet: the branch appears once the agent has pushed work.</p>
        ) : null}
        <ul className="flex flex-col gap-1">
          {artifacts.map((artifact) => (
            <li key={artifact.id}>
              <ArtifactLine artifact={artifact} />
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="files-heading" className="flex min-h-0 flex-col gap-1">
        <h2 id="files-heading" className="font-medium">
          Files changed{diff.data ? ` (${diff.data.files.length})` : ""}
        </h2>
        {diff.isError ? <p className="text-danger">{errorMessage(diff.error)}</p> : null}
        {diff.data?.files.length === 0 ? <p className="text-muted">No changes against the base branch yet.</p> : null}
        <ul className="flex flex-col gap-0.5 font-mono text-xs">
          {diff.data?.files.map((file) => (
            <li key={file.path} className="flex justify-between gap-2">
              <span className="truncate" title={file.path}>
                {file.path}
              </span>
              <span>
                <span className="text-success">+{file.additions}</span>{" "}
                <span className="text-danger">−{file.deletions}</span>
              </span>
            </li>
          ))}
        </ul>
        {diff.data && diff.data.patch ? (
          <details>
            <summary className="cursor-pointer text-xs text-muted">
              Show the diff{diff.data.isTruncated ? " (cut: too large to show whole)" : ""}
            </summary>
            <pre className="mt-1 max-h-96 overflow-auto whitespace-pre font-mono text-[11px]">{diff.data.patch}</pre>
          </details>
        ) : null}
      </section>
    </aside>
  );
}

function ArtifactLine({ artifact }: { artifact: ArtifactView }) {
  return match(artifact)
    .with(
      { kind: "branch", metadata: null },
      { kind: "pr", metadata: null },
      { kind: "screenshot" },
      { kind: "preview" },
      ({ kind, url }) => <OtherLine kind={kind} url={url} />,
    )
    .with({ kind: "branch", metadata: P.nonNullable }, ({ metadata }) => (
      <span>
        Branch <span className="font-mono">{metadata.branch}</span>
        {metadata.commit ? <span className="text-muted"> at {metadata.commit.slice(0, 8)}</span> : null}
      </span>
    ))
    .with({ kind: "pr", metadata: P.nonNullable }, ({ url, metadata }) => <PullRequestLine url={url} pr={metadata} />)
    .exhaustive();
}

function PullRequestLine({ url, pr }: { url: string; pr: PullRequestMetadata }) {
  const isLocal = "local" in pr;
  const label = "local" in pr ? "Review: " : `Pull request #${pr.number} `;
  const state = "local" in pr ? "ready for review" : pr.draft && pr.state === "open" ? "draft" : pr.state;
  return (
    <span>
      {label}
      <a className="underline" href={url} target={isLocal ? undefined : "_blank"} rel="noreferrer">
        {pr.title}
      </a>
      <span className="text-muted"> · {state}</span>
    </span>
  );
}

/** An artifact without metadata to show (or whose metadata does not fit): its kind and address. */
function OtherLine({ kind, url }: { kind: ArtifactView["kind"]; url: string }) {
  const isLink = /^https?:\/\//.test(url);
  return isLink ? (
    <a className="underline" href={url} target="_blank" rel="noreferrer">
      {kind}
    </a>
  ) : (
    <span>
      {kind}: {url}
    </span>
  );
}
