"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Field, fieldControlProps } from "@/components/ui/input";
import {
  Select,
  SelectContent,
  SelectGroup,
  SelectItem,
  SelectLabel,
  SelectTrigger,
  SelectValue,
} from "@/components/ui/select";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import { offeredEffort } from "@/server/models/efforts";
import type { EffortOption, ModelOption } from "@/server/models/list-models";
import type { RepositorySummary } from "@/server/repositories/repository-select";

type FieldProps<T> = { value: T; onChange: (value: T) => void; error?: string };

export function RepositoryField({
  repositories,
  value,
  onChange,
  error,
}: FieldProps<string> & { repositories: RepositorySummary[] }) {
  return (
    <Field label="Repository" htmlFor="session-repository" error={error}>
      <Select value={value || undefined} onValueChange={onChange}>
        <SelectTrigger {...fieldControlProps("session-repository", { error })}>
          <SelectValue placeholder="Choose a repository" />
        </SelectTrigger>
        <SelectContent>
          {repositories.map((repository) => (
            <SelectItem key={repository.id} value={repository.id}>
              {repository.owner}/{repository.name}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </Field>
  );
}

/** The repository's branches, its default branch first; its default base branch (a setting) is chosen unless another is picked. */
export function BranchField({
  repositoryId,
  value,
  onChange,
  error,
}: FieldProps<string | null> & { repositoryId: string }) {
  const trpc = useTRPC();
  const branches = useQuery(
    trpc.repository.branches.queryOptions({ id: repositoryId }, { enabled: repositoryId !== "" }),
  );
  const shownError = error ?? (branches.isError ? errorMessage(branches.error) : undefined);
  const placeholder =
    repositoryId === "" ? "Choose a repository first" : branches.isPending ? "Loading branches…" : "Choose a branch";
  return (
    <Field
      label="Branch"
      htmlFor="session-branch"
      hint="The agent starts from this branch and works on a new one."
      error={shownError}
    >
      <Select
        value={value ?? branches.data?.defaultBaseBranch ?? ""}
        onValueChange={onChange}
        disabled={!branches.isSuccess}
      >
        <SelectTrigger
          {...fieldControlProps("session-branch", { hint: true, error: shownError })}
          className="font-mono"
        >
          <SelectValue placeholder={placeholder} />
        </SelectTrigger>
        <SelectContent>
          {branches.data?.branches.map((branch) => (
            <SelectItem key={branch} value={branch} className="font-mono">
              {branch === branches.data.defaultBranch ? `${branch} (default)` : branch}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </Field>
  );
}

/**
 * Every model, grouped by provider. Those whose provider has no key are listed but cannot be
 * chosen; the hint names those providers and points to the Models page, which says what to set.
 */
export function ModelField({ models, value, onChange, error }: FieldProps<string> & { models: ModelOption[] }) {
  const groups = new Map<string, ModelOption[]>();
  for (const model of models) groups.set(model.providerLabel, [...(groups.get(model.providerLabel) ?? []), model]);
  const keyless = [...new Set(models.filter((model) => !model.available).map((model) => model.providerLabel))];
  const hint =
    keyless.length > 0 ? (
      <>
        {listInWords(keyless)} {keyless.length === 1 ? "needs" : "need"} an API key first: see{" "}
        <Link href="/settings/models" className="underline">
          Models
        </Link>
        .
      </>
    ) : undefined;
  return (
    <Field label="Model" htmlFor="session-model" hint={hint} error={error}>
      <Select value={value || undefined} onValueChange={onChange} disabled={!models.some((model) => model.available)}>
        <SelectTrigger {...fieldControlProps("session-model", { hint, error })}>
          <SelectValue placeholder="No models available" />
        </SelectTrigger>
        <SelectContent>
          {[...groups].map(([provider, options]) => (
            <SelectGroup key={provider}>
              <SelectLabel>{options[0]?.available === false ? `${provider} (no key)` : provider}</SelectLabel>
              {options.map((model) => (
                <SelectItem key={model.id} value={model.id} disabled={!model.available}>
                  {model.label}
                </SelectItem>
              ))}
            </SelectGroup>
          ))}
        </SelectContent>
      </Select>
    </Field>
  );
}

/** "default": the model's own default effort; otherwise one of the chosen model's efforts. */
export type EffortChoice = string;

/** The chosen model's reasoning efforts; a model without any offers only its default. */
export function EffortField({
  efforts,
  value,
  onChange,
  error,
}: FieldProps<EffortChoice> & { efforts: readonly EffortOption[] }) {
  const chosen = offeredEffort(efforts, value);
  const hint =
    chosen?.description ?? (efforts.length === 0 ? "This model has no reasoning effort to choose." : undefined);
  return (
    <Field label="Reasoning effort" htmlFor="session-effort" hint={hint} error={error}>
      <Select value={chosen ? chosen.id : "default"} onValueChange={onChange} disabled={efforts.length === 0}>
        <SelectTrigger {...fieldControlProps("session-effort", { hint, error })}>
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value="default">Model default</SelectItem>
          {efforts.map((effort) => (
            <SelectItem key={effort.id} value={effort.id}>
              {effort.label}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </Field>
  );
}

function listInWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
