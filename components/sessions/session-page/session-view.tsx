"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect } from "react";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { useSessionLive } from "@/lib/sessions/use-session-live";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import { mayCancelPrompt } from "@/server/sessions/cancel-rule";
import { Composer } from "./composer";
import { SessionPanels } from "./session-panels";
import { Timeline } from "./timeline";
import type { SessionUsage } from "@/server/models/gateway/session-usage";
import { SessionBudgetLine } from "./session-budget";

const PRESENCE_DOT = { active: "bg-success", idle: "bg-warning", away: "bg-muted" } as const;
const CONNECTION_LABEL = {
  connecting: "Connecting…",
  live: "Live",
  offline: "Reconnecting…",
  unavailable: "Live updates are off",
} as const;

export function SessionView({ sessionId, me }: { sessionId: string; me: { id: string } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { snapshot, entries, present, connection, hasEarlier, isLoadingEarlier, loadEarlier } =
    useSessionLive(sessionId);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.session.get.queryKey({ sessionId }) });
  const join = useMutation(trpc.session.join.mutationOptions());
  const joinSession = join.mutate;
  // Opening the session makes the reader one of its participants.
  useEffect(() => joinSession({ sessionId }), [joinSession, sessionId]);
  const archive = useMutation(
    trpc.session.archive.mutationOptions({
      onSettled: refresh,
      onError: (error) =>
        toast({ title: "Could not archive the session", description: errorMessage(error), variant: "error" }),
    }),
  );
  const restore = useMutation(
    trpc.session.restore.mutationOptions({
      onSettled: refresh,
      onError: (error) =>
        toast({ title: "Could not restore the session", description: errorMessage(error), variant: "error" }),
    }),
  );
  const cancel = useMutation(
    trpc.session.cancelPrompt.mutationOptions({
      onSettled: refresh,
      onError: (error) =>
        toast({ title: "Could not cancel the prompt", description: errorMessage(error), variant: "error" }),
    }),
  );

  if (snapshot.isPending) return <p className="text-sm text-muted">Loading the session…</p>;
  if (snapshot.isError) {
    return (
      <p role="alert" className="text-sm text-danger">
        Could not open this session: {errorMessage(snapshot.error)}
      </p>
    );
  }
  const { session, messages, artifacts, seal, usage, budget, promptUsage, automation } = snapshot.data;
  const running = messages.find((message) => message.status === "processing");
  const waiting = messages.filter((message) => message.status === "pending");
  const closed =
    session.status === "archived"
      ? "This session is archived: restore it to send prompts."
      : session.status === "cancelled"
        ? "This session is cancelled."
        : null;

  return (
    <div className="flex h-[calc(100dvh-10rem)] flex-col gap-4">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">{session.title ?? "Untitled session"}</h1>
          <p className="text-sm text-muted">
            {session.repository.owner}/{session.repository.name} · <span className="font-mono">{session.branch}</span>{" "}
            from <span className="font-mono">{session.baseBranch}</span> ·{" "}
            <span data-testid="session-status">{session.status}</span>
          </p>
          {automation ? (
            <p className="text-xs text-muted">
              Opened by the automation{" "}
              <Link href={`/automations/${automation.id}`} className="underline">
                {automation.name}
              </Link>
            </p>
          ) : null}
          <p className="text-xs text-muted" data-testid="sandbox-seal">
            <span className={seal.network === "sealed" ? "" : "font-medium text-danger"}>{seal.summary}</span>
          </p>
          <p className="text-xs text-muted" data-testid="usage-meter" aria-live="polite">
            {usageText(usage)}
          </p>
          <SessionBudgetLine sessionId={session.id} budget={budget} costUsd={usage.costUsd} />
        </div>
        <div className="flex items-center gap-3">
          <ul className="flex -space-x-1" aria-label="People here">
            {present.map((person) => (
              <li
                key={person.id}
                aria-label={`${person.name} is here${person.state === "active" ? "" : ` (${person.state})`}`}
                className="relative"
              >
                <span
                  title={`${person.name} · ${person.state}`}
                  className={person.state === "active" ? "" : "opacity-50"}
                >
                  <Avatar name={person.name} />
                </span>
                <span
                  aria-hidden
                  className={`absolute -bottom-0.5 -right-0.5 size-2.5 rounded-full border-2 border-background ${PRESENCE_DOT[person.state]}`}
                />
              </li>
            ))}
          </ul>
          <span className="text-xs text-muted" role="status">
            {CONNECTION_LABEL[connection]}
          </span>
          <Button size="sm" variant="secondary" onClick={() => void copyLink()}>
            Copy link
          </Button>
          {session.status === "archived" ? (
            <Button
              size="sm"
              variant="secondary"
              disabled={restore.isPending}
              onClick={() => restore.mutate({ sessionId })}
            >
              Restore
            </Button>
          ) : (
            <Button
              size="sm"
              variant="secondary"
              disabled={archive.isPending}
              onClick={() => archive.mutate({ sessionId })}
            >
              Archive
            </Button>
          )}
        </div>
      </header>

      <div className="flex min-h-0 flex-1 gap-4">
        <Timeline
          entries={entries}
          hasEarlier={hasEarlier}
          isLoadingEarlier={isLoadingEarlier}
          onLoadEarlier={() => void loadEarlier()}
          promptUsage={promptUsage}
          promptSources={Object.fromEntries(messages.map((message) => [message.id, message.source]))}
        />
        <div className="hidden w-72 shrink-0 overflow-y-auto lg:block">
          <SessionPanels sessionId={sessionId} artifacts={artifacts} />
        </div>
      </div>

      {running || waiting.length > 0 ? (
        <section aria-label="Queue" className="flex flex-col gap-1 text-sm">
          {running ? (
            <p>
              Running: <span className="font-medium">{running.author.name ?? running.author.email}</span> —{" "}
              {preview(running.content)}
            </p>
          ) : null}
          {waiting.map((message, index) => (
            <div key={message.id} className="flex items-center justify-between gap-2">
              <p className="text-muted">
                Waiting {index + 1}:{" "}
                <span className="font-medium text-foreground">{message.author.name ?? message.author.email}</span> —{" "}
                {preview(message.content)}
              </p>
              {mayCancelPrompt(me, { authorId: message.author.id }, { ownerId: session.createdBy.id }) ? (
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() => cancel.mutate({ sessionId, messageId: message.id })}
                  aria-label={`Cancel waiting prompt ${index + 1}`}
                >
                  Cancel
                </Button>
              ) : null}
            </div>
          ))}
        </section>
      ) : null}

      <Composer
        sessionId={sessionId}
        repositoryId={session.repository.id}
        sessionModel={session.model}
        sessionEffort={session.reasoningEffort}
        isRunning={Boolean(running)}
        isClosed={closed}
        onSent={() => void refresh()}
      />
    </div>
  );
}

async function copyLink(): Promise<void> {
  try {
    await navigator.clipboard.writeText(window.location.href);
    toast({
      title: "Link copied",
      description: "Anyone signed in here who opens it joins the session.",
      variant: "success",
    });
  } catch {
    toast({ title: "Could not copy the link", description: window.location.href, variant: "error" });
  }
}

function preview(content: string): string {
  const line = content.split("\n")[0] ?? "";
  return line.length > 80 ? `${line.slice(0, 80)}…` : line;
}

/** The meter: tokens and cost of the session's model calls so far. */
function usageText(usage: SessionUsage): string {
  if (usage.calls === 0) return "No model calls yet.";
  const tokens = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens + usage.outputTokens;
  const calls = `${usage.calls.toLocaleString("en-US")} model call${usage.calls === 1 ? "" : "s"}`;
  const cost =
    usage.unpricedCalls === usage.calls
      ? "cost unknown (no price for this model)"
      : `$${usage.costUsd.toFixed(4)}${usage.unpricedCalls > 0 ? " (some calls unpriced)" : ""}`;
  return `${calls}, ${tokens.toLocaleString("en-US")} tokens (${usage.outputTokens.toLocaleString("en-US")} out), ${cost} so far`;
}
