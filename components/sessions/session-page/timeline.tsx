"use client";

import { useEffect, useLayoutEffect, useMemo, useRef } from "react";
import { match } from "ts-pattern";
import type { TimelineEntry } from "@/lib/sessions/timeline-sync";
import { type TimelineRow, timelineRows } from "@/lib/sessions/timeline-view";
import { Avatar } from "@/components/ui/avatar";
import type { BootPhase, ToolCallStatus } from "@/server/events/schemas";
import type { PromptUsage } from "@/server/models/gateway/session-usage";
import type { MessageView } from "@/server/sessions/session-select";
import { formatCost } from "@/lib/sessions/format-cost";
import { Markdown } from "./markdown";

const BOOT_PHASES: Record<BootPhase, string> = {
  cloning: "Cloning the repository",
  setup: "Running setup.sh",
  start: "Running start.sh",
  agent: "Starting the agent",
};

type TimelineProps = {
  entries: readonly TimelineEntry[];
  hasEarlier: boolean;
  isLoadingEarlier: boolean;
  onLoadEarlier: () => void;
  /** What each prompt's model calls used and cost, by its message id. */
  promptUsage: Record<string, PromptUsage>;
  /** Where each prompt came from, by its message id. */
  promptSources: Record<string, MessageSource>;
};

type MessageSource = MessageView["source"];

/** Prompts that did not come from the page or the API say where they came from. */
const SOURCE_WORDS: Partial<Record<MessageSource, string>> = {
  slack: "from Slack",
  github: "from GitHub",
  linear: "from Linear",
  webhook: "from a webhook",
  automation: "from an automation",
  action: "from GitHub Actions",
  agent: "from the agent",
};

/**
 * The session's timeline. Follows new output unless the reader has scrolled up; scrolling to the
 * top loads the page before (keeping the reader's place). Rows off screen are not rendered by the
 * browser (content-visibility), so a long timeline stays fast.
 */
export function Timeline({
  entries,
  hasEarlier,
  isLoadingEarlier,
  onLoadEarlier,
  promptUsage,
  promptSources,
}: TimelineProps) {
  const rows = useMemo(() => timelineRows(entries), [entries]);
  const container = useRef<HTMLDivElement>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const before = useRef({ firstSeq: 0, scrollHeight: 0 });

  useLayoutEffect(() => {
    const element = container.current;
    if (!element) return;
    const firstSeq = entries[0]?.seq ?? 0;
    if (firstSeq < before.current.firstSeq) {
      // Older events went in above: keep what the reader was looking at in place.
      element.scrollTop += element.scrollHeight - before.current.scrollHeight;
    } else if (following.current) {
      element.scrollTop = element.scrollHeight;
    }
    before.current = { firstSeq, scrollHeight: element.scrollHeight };
  }, [entries]);

  useEffect(() => {
    const target = sentinel.current;
    if (!target || !hasEarlier) return;
    const observer = new IntersectionObserver((seen) => {
      if (seen.some((entry) => entry.isIntersecting)) onLoadEarlier();
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [hasEarlier, onLoadEarlier]);

  return (
    <div
      ref={container}
      onScroll={(event) => {
        const element = event.currentTarget;
        following.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
      }}
      className="flex min-h-0 flex-1 flex-col gap-3 overflow-y-auto rounded-lg border border-border bg-surface p-4"
      role="log"
      aria-label="Timeline"
      aria-live="polite"
    >
      {hasEarlier ? (
        <div ref={sentinel} className="flex justify-center">
          <button
            type="button"
            onClick={onLoadEarlier}
            disabled={isLoadingEarlier}
            className="text-xs text-muted underline"
          >
            {isLoadingEarlier ? "Loading earlier events…" : "Load earlier events"}
          </button>
        </div>
      ) : null}
      {rows.length === 0 ? (
        <p className="text-sm text-muted">Nothing has happened yet. Send a prompt to start.</p>
      ) : null}
      {rows.map((row) => (
        <div key={row.key} className="[contain-intrinsic-size:auto_2.5rem] [content-visibility:auto]">
          <TimelineItem
            row={row}
            usage={row.kind === "prompt" ? promptUsage[row.messageId ?? ""] : undefined}
            source={row.kind === "prompt" ? promptSources[row.messageId ?? ""] : undefined}
          />
        </div>
      ))}
    </div>
  );
}

function TimelineItem({ row, usage, source }: { row: TimelineRow; usage?: PromptUsage; source?: MessageSource }) {
  return match(row)
    .with({ kind: "prompt" }, (row) => (
      <article
        className="rounded-md border border-border bg-surface-raised p-3"
        aria-label={`Prompt from ${row.author.name}`}
      >
        <header className="mb-1 flex items-center gap-2 text-xs text-muted">
          <Avatar name={row.author.name} size="sm" />
          <span className="font-medium text-foreground">{row.author.name}</span>
          {source && SOURCE_WORDS[source] ? <span data-testid="prompt-source">{SOURCE_WORDS[source]}</span> : null}
          {row.model ? <span>· {row.model}</span> : null}
          {usage ? <span data-testid="prompt-cost">· {promptUsageText(usage)}</span> : null}
        </header>
        <p className="whitespace-pre-wrap text-sm">{row.content}</p>
      </article>
    ))
    .with({ kind: "text" }, (row) => <Markdown text={row.text} />)
    .with({ kind: "tool" }, (row) => (
      <details className="rounded border border-border px-3 py-1 text-xs" data-kind="tool-call">
        <summary className="cursor-pointer select-none">
          <span className="font-mono">{row.tool}</span>
          {row.title ? <span className="text-muted"> · {row.title}</span> : null}
          <span className={TOOL_STATUS_CLASS[row.status]}> · {row.status}</span>
        </summary>
        <pre className="mt-2 overflow-x-auto whitespace-pre-wrap font-mono text-muted">
          {JSON.stringify(row.input, null, 2)}
        </pre>
        {row.output ? (
          <pre className="mt-2 max-h-80 overflow-auto whitespace-pre-wrap font-mono">{row.output}</pre>
        ) : null}
        {row.error ? <p className="mt-2 text-danger">{row.error}</p> : null}
      </details>
    ))
    .with({ kind: "step" }, (row) => (
      <p className="text-xs text-muted">
        {row.tokens.input.toLocaleString()} tokens in · {row.tokens.output.toLocaleString()} out
        {row.cost > 0 ? ` · $${row.cost.toFixed(4)}` : ""}
      </p>
    ))
    .with({ kind: "notice" }, (row) => (
      <div
        role={row.level === "error" ? "alert" : undefined}
        className={row.level === "error" ? "text-sm text-danger" : "text-sm text-warning"}
      >
        <p>
          {row.level === "error" ? "Error: " : "Warning: "}
          {row.message}
        </p>
        {row.detail ? <pre className="mt-1 whitespace-pre-wrap font-mono text-xs text-muted">{row.detail}</pre> : null}
      </div>
    ))
    .with({ kind: "end" }, (row) => (
      <p className={row.success ? "text-xs text-success" : "text-xs text-danger"} data-kind="prompt-end">
        {row.success ? "Prompt completed" : `Prompt ended: ${row.reason ?? "failed"}`}
      </p>
    ))
    .with({ kind: "boot" }, (row) => (
      <p className="text-xs text-muted" data-kind="boot-phase">
        {BOOT_PHASES[row.phase]}
        {match(row.status)
          .with("started", () => "…")
          .with(
            "finished",
            () => ` — done${row.durationMs !== null ? ` in ${(row.durationMs / 1000).toFixed(1)} s` : ""}`,
          )
          .with("failed", "skipped", (status) => ` — ${status}`)
          .exhaustive()}
      </p>
    ))
    .with({ kind: "sandbox" }, (row) => (
      <p className={row.status === "failed" ? "text-sm text-danger" : "text-xs text-muted"}>
        {match(row.status)
          .with("ready", () => (row.detail ? `Sandbox ${row.detail}` : "Sandbox ready"))
          .with("failed", () => `Sandbox failed: ${row.detail ?? ""}`)
          .with("stopped", () => `Sandbox stopped${row.detail ? `: ${row.detail}` : ""}`)
          .with("suspended", () => `Sandbox suspended: ${row.detail ?? ""}`)
          .exhaustive()}
      </p>
    ))
    .with({ kind: "pull_request" }, (row) => (
      <p className="text-sm" data-kind="pull-request">
        {row.onGithub
          ? `${row.action === "created" ? "Opened" : "Updated"} pull request `
          : `${row.action === "created" ? "Ready for review" : "Updated for review"}: `}
        <a className="underline" href={row.url} target={row.onGithub ? "_blank" : undefined} rel="noreferrer">
          {row.onGithub ? `#${row.number} ${row.title}` : row.title}
        </a>
      </p>
    ))
    .exhaustive();
}

const TOOL_STATUS_CLASS: Record<ToolCallStatus, string> = {
  pending: "text-muted",
  running: "text-muted",
  completed: "text-success",
  error: "text-danger",
};

/** "4 model calls, $0.60": what the calls serving one prompt cost, or their tokens when unpriced. */
function promptUsageText(usage: PromptUsage): string {
  const calls = `${usage.calls} model call${usage.calls === 1 ? "" : "s"}`;
  return usage.unpricedCalls === usage.calls
    ? `${calls}, ${usage.tokens.toLocaleString("en-US")} tokens`
    : `${calls}, ${formatCost(usage.costUsd)}`;
}
