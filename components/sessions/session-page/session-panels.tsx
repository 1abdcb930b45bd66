"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

type Artifact = { id: string; kind: string; url: string; metadata: unknown };

/** The session's artifacts (its branch, pull requests, screenshots) and the files it changed. */
export function SessionPanels({ sessionId, artifacts }: { sessionId: string; artifacts: Artifact[] }) {
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

function ArtifactLine({ artifact }: { artifact: Artifact }) {
  const metadata = (artifact.metadata ?? {}) as { branch?: string; commit?: string | null };
  if (artifact.kind === "branch") {
    return (
      <span>
        Branch <span className="font-mono">{metadata.branch}</span>
        {metadata.commit ? <span className="text-muted"> at {metadata.commit.slice(0, 8)}</span> : null}
      </span>
    );
  }
  if (artifact.kind === "pr") {
    const pr = (artifact.metadata ?? {}) as {
      number?: number;
      title?: string;
      state?: string;
      draft?: boolean;
      local?: boolean;
    };
    const state = pr.local ? "ready for review" : pr.draft && pr.state === "open" ? "draft" : (pr.state ?? "open");
    return (
      <span>
        {pr.local ? "Review: " : `Pull request #${pr.number} `}
        <a className="underline" href={artifact.url} target={pr.local ? undefined : "_blank"} rel="noreferrer">
          {pr.title ?? "pull request"}
        </a>
        <span className="text-muted"> · {state}</span>
      </span>
    );
  }
  const isLink = /^https?:\/\//.test(artifact.url);
  return isLink ? (
    <a className="underline" href={artifact.url} target="_blank" rel="noreferrer">
      {artifact.kind}
    </a>
  ) : (
    <span>
      {artifact.kind}: {artifact.url}
    </span>
  );
}
