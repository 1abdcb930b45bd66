"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage, fieldError } from "@/lib/trpc/errors";
import { newRequestId } from "@/lib/request-id";
import { effortsOf, offeredEffort } from "@/server/models/efforts";
import { promptContentSchema } from "@/server/sessions/schemas";
import { BranchField, type EffortChoice, EffortField, ModelField, RepositoryField } from "./new-session-fields";
import { PromptField } from "./new-session-prompt-field";
import { usePreparedSession } from "./use-prepared-session";

type LocalErrors = { repositoryId?: string; prompt?: string };

export function NewSessionForm({ initialRepositoryId }: { initialRepositoryId?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const repositories = useQuery(trpc.repository.list.queryOptions());
  const [chosenRepositoryId, setRepositoryId] = useState(initialRepositoryId ?? "");
  const [branch, setBranch] = useState<string | null>(null);
  const [chosenModel, setModel] = useState<string | null>(null);
  const [effort, setEffort] = useState<EffortChoice>("default");
  const [prompt, setPrompt] = useState("");
  const [localErrors, setLocalErrors] = useState<LocalErrors>({});
  // One id per submission: a retry of the same form contents sends the same id.
  const request = useRef<{ key: string; id: string } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const create = useMutation(
    trpc.session.create.mutationOptions({
      onSuccess: (session) => {
        void queryClient.invalidateQueries({ queryKey: trpc.session.list.pathKey() });
        router.push(`/sessions/${session.id}`);
      },
    }),
  );

  const onlyRepository = repositories.data?.length === 1 ? repositories.data[0]?.id : undefined;
  const repositoryId = chosenRepositoryId || (onlyRepository ?? "");
  // A provider key may be one of the repository's secrets: its models are then available here.
  const models = useQuery(
    trpc.model.list.queryOptions(repositoryId ? { repositoryId } : undefined, { placeholderData: keepPreviousData }),
  );
  const model = chosenModel ?? models.data?.defaultModel ?? "";
  const efforts = effortsOf(models.data?.models, model);
  const hasNoRepositories = repositories.data?.length === 0;
  const hasNoModels = models.data?.notConfiguredMessage != null;
  const serverError = (field: string) => (create.error ? fieldError(create.error, field) : undefined);
  const errors = {
    repositoryId: localErrors.repositoryId ?? serverError("repositoryId"),
    baseBranch: serverError("baseBranch"),
    model: serverError("model"),
    reasoningEffort: serverError("reasoningEffort"),
    prompt: localErrors.prompt ?? serverError("prompt") ?? serverError("content"),
  };
  const hasFieldError = Object.values(errors).some(Boolean);
  const preparedSession = usePreparedSession({ repositoryId, branch, isTyping: prompt.trim().length > 0 });
  const [isWaitingForPrepared, setWaitingForPrepared] = useState(false);
  const isStarting = isWaitingForPrepared || create.isPending || create.isSuccess;

  async function submit(event?: FormEvent<HTMLFormElement>) {
    event?.preventDefault();
    if (isStarting) return;
    const content = promptContentSchema.safeParse(prompt);
    const found: LocalErrors = {
      repositoryId: repositoryId ? undefined : "Choose a repository.",
      prompt: content.success ? undefined : content.error.issues[0]?.message,
    };
    setLocalErrors(found);
    if (found.repositoryId || found.prompt) return;
    const input = {
      repositoryId,
      baseBranch: branch ?? undefined,
      model: model || undefined,
      reasoningEffort: offeredEffort(efforts, effort)?.id,
    };
    const key = JSON.stringify([input, prompt]);
    if (request.current?.key !== key) request.current = { key, id: newRequestId() };
    const clientRequestId = request.current.id;
    setWaitingForPrepared(true);
    const preparedSessionId = await preparedSession().finally(() => setWaitingForPrepared(false));
    create.mutate({ ...input, prompt: { content: prompt, clientRequestId }, preparedSessionId });
  }

  if (repositories.isPending || models.isPending) return <p className="text-sm text-muted">Loading…</p>;
  if (repositories.isError || models.isError) {
    return (
      <p role="alert" className="text-sm text-danger">
        Could not load the form: {errorMessage(repositories.error ?? models.error)}
      </p>
    );
  }

  return (
    <form ref={formRef} onSubmit={(event) => void submit(event)} noValidate className="flex flex-col gap-5">
      {hasNoRepositories ? (
        <Notice>
          There is no repository to work on yet.{" "}
          <Link href="/repositories" className="underline">
            Add a repository
          </Link>{" "}
          first.
        </Notice>
      ) : null}
      {hasNoModels ? <Notice>{models.data.notConfiguredMessage}</Notice> : null}
      <RepositoryField
        repositories={repositories.data}
        value={repositoryId}
        error={errors.repositoryId}
        onChange={(id) => {
          setRepositoryId(id);
          setBranch(null);
        }}
      />
      <BranchField repositoryId={repositoryId} value={branch} onChange={setBranch} error={errors.baseBranch} />
      <div className="grid gap-5 sm:grid-cols-2">
        <ModelField models={models.data.models} value={model} onChange={setModel} error={errors.model} />
        <EffortField efforts={efforts} value={effort} onChange={setEffort} error={errors.reasoningEffort} />
      </div>
      <PromptField
        value={prompt}
        onChange={setPrompt}
        onSubmit={() => formRef.current?.requestSubmit()}
        error={errors.prompt}
      />
      {create.error && !hasFieldError ? (
        <p role="alert" className="text-sm text-danger">
          {errorMessage(create.error)}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Link href="/sessions" className="inline-flex h-9 items-center px-3 text-sm text-muted hover:text-foreground">
          Cancel
        </Link>
        <Button type="submit" disabled={hasNoRepositories || hasNoModels || isStarting}>
          {isStarting ? "Starting…" : "Start session"}
        </Button>
      </div>
    </form>
  );
}

function Notice({ children }: { children: React.ReactNode }) {
  return (
    <p role="alert" className="rounded-md border border-warning/40 bg-warning/10 px-3 py-2 text-sm text-foreground">
      {children}
    </p>
  );
}
