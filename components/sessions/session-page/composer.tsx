"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { type KeyboardEvent, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toast";
import { newRequestId } from "@/lib/request-id";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage, fieldError } from "@/lib/trpc/errors";
import { effortsOf, offeredEffort } from "@/server/models/efforts";

const SELECT_CLASSES = "rounded-md border border-border bg-surface-raised px-2 py-1 text-xs text-foreground";

/** Where prompts are written: Enter sends, Shift+Enter is a new line, Escape offers to stop. */
type ComposerProps = {
  sessionId: string;
  repositoryId: string;
  sessionModel: string;
  sessionEffort: string | null;
  isRunning: boolean;
  isClosed: string | null;
  onSent: () => void;
};

export function Composer({
  sessionId,
  repositoryId,
  sessionModel,
  sessionEffort,
  isRunning,
  isClosed,
  onSent,
}: ComposerProps) {
  const trpc = useTRPC();
  const models = useQuery(trpc.model.list.queryOptions({ repositoryId }));
  const [content, setContent] = useState("");
  // This prompt's own model and effort; empty means the session's.
  const [model, setModel] = useState("");
  const [effort, setEffort] = useState("");
  const [confirmStop, setConfirmStop] = useState(false);
  // One id per prompt being written: a retry of the same send never queues it twice.
  const [requestId, setRequestId] = useState(() => newRequestId());
  const send = useMutation(
    trpc.session.prompt.mutationOptions({
      onSuccess: () => {
        setContent("");
        setRequestId(newRequestId());
        onSent();
      },
    }),
  );
  const stop = useMutation(
    trpc.session.stop.mutationOptions({
      onSuccess: () => setConfirmStop(false),
      onError: (error) => {
        setConfirmStop(false);
        toast({ title: "Could not stop the prompt", description: errorMessage(error), variant: "error" });
      },
    }),
  );
  // Typing starts the sandbox, so the prompt does not wait for it to boot (at most once a minute).
  const warm = useMutation(trpc.session.warm.mutationOptions());
  const lastWarmed = useRef(0);
  function onChange(value: string) {
    setContent(value);
    if (value.trim() && !isClosed && Date.now() - lastWarmed.current > 60_000) {
      lastWarmed.current = Date.now();
      warm.mutate({ sessionId });
    }
  }
  const error = send.error ? (fieldError(send.error, "content") ?? errorMessage(send.error)) : undefined;
  // The efforts of the model this prompt will run; one the model lacks is not sent.
  const efforts = effortsOf(models.data?.models, model || sessionModel);
  const sentEffort = offeredEffort(efforts, effort)?.id ?? "";

  function submit() {
    if (!content.trim() || send.isPending || isClosed) return;
    send.mutate({
      sessionId,
      content,
      clientRequestId: requestId,
      ...(model ? { model } : {}),
      ...(sentEffort ? { reasoningEffort: sentEffort } : {}),
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    } else if (event.key === "Escape" && isRunning) {
      event.preventDefault();
      setConfirmStop(true);
    }
  }

  return (
    <div className="flex flex-col gap-2">
      <label htmlFor="prompt" className="sr-only">
        Prompt
      </label>
      <textarea
        id="prompt"
        value={content}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={onKeyDown}
        disabled={Boolean(isClosed)}
        rows={3}
        placeholder={isClosed ?? "Ask the agent… (Enter sends, Shift+Enter for a new line)"}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "prompt-error" : undefined}
        className="w-full resize-y rounded-md border border-border bg-surface-raised px-3 py-2 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
      />
      {error ? (
        <p id="prompt-error" role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center justify-end gap-2">
        <label className="flex items-center gap-1 text-xs text-muted">
          Model
          <select value={model} onChange={(event) => setModel(event.target.value)} className={SELECT_CLASSES}>
            <option value="">{sessionModel} (the session&apos;s)</option>
            {models.data?.models
              .filter((option) => option.id !== sessionModel)
              .map((option) => (
                <option
                  key={option.id}
                  value={option.id}
                  disabled={!option.available}
                  title={option.unavailableReason ?? undefined}
                >
                  {option.providerLabel}: {option.label}
                  {option.available ? "" : " (no key)"}
                </option>
              ))}
          </select>
        </label>
        <label className="flex items-center gap-1 text-xs text-muted">
          Effort
          <select
            value={sentEffort}
            onChange={(event) => setEffort(event.target.value)}
            disabled={efforts.length === 0}
            className={SELECT_CLASSES}
          >
            <option value="">
              {offeredEffort(efforts, sessionEffort) ? `${sessionEffort} (the session's)` : "the model's default"}
            </option>
            {efforts.map((option) => (
              <option key={option.id} value={option.id} title={option.description}>
                {option.label.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <span className="flex-1" />
        {isRunning ? (
          <Button variant="danger" onClick={() => setConfirmStop(true)}>
            Stop
          </Button>
        ) : null}
        <Button onClick={submit} disabled={!content.trim() || send.isPending || Boolean(isClosed)}>
          {send.isPending ? "Sending…" : "Send"}
        </Button>
      </div>
      <ConfirmDialog
        open={confirmStop}
        onOpenChange={setConfirmStop}
        title="Stop the running prompt?"
        description="The agent stops where it is; what it committed so far stays on the branch."
        confirmLabel="Stop it"
        destructive
        isPending={stop.isPending}
        onConfirm={() => stop.mutate({ sessionId })}
      />
    </div>
  );
}
