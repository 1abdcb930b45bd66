"use client";

import { useQuery } from "@tanstack/react-query";
import { Field, fieldControlProps } from "@/components/ui/input";
import { Select, SelectContent, SelectGroup, SelectItem, SelectLabel, SelectTrigger, SelectValue } from "@/components/ui/select";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import type { ModelOption } from "@/server/models/list-models";
import type { RepositorySummary } from "@/server/repositories/repository-select";

type FieldProps<T> = { value: T; onChange: (value: T) => void; error?: string };

export function RepositoryField({ repositories, value, onChange, error }: FieldProps<string> & { repositories: RepositorySummary[] }) {
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

/** The repository's branches, its default branch first and chosen unless another is picked. */
export function BranchField({ repositoryId, value, onChange, error }: FieldProps<string | null> & { repositoryId: string }) {
  const trpc = useTRPC();
  const branches = useQuery(trpc.repository.branches.queryOptions({ id: repositoryId }, { enabled: repositoryId !== "" }));
  const shownError = error ?? (branches.isError ? errorMessage(branches.error) : undefined);
  const placeholder = repositoryId === "" ? "Choose a repository first" : branches.isPending ? "Loading branches…" : "Choose a branch";
  return (
    <Field label="Branch" htmlFor="session-branch" hint="The agent starts from this branch and works on a new one." error={shownError}>
      <Select value={value ?? branches.data?.defaultBranch ?? ""} onValueChange={onChange} disabled={!branches.isSuccess}>
        <SelectTrigger {...fieldControlProps("session-branch", { hint: true, error: shownError })} className="font-mono">
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

export function ModelField({ models, value, onChange, error }: FieldProps<string> & { models: ModelOption[] }) {
  const groups = new Map<string, ModelOption[]>();
  for (const model of models) groups.set(model.providerLabel, [...(groups.get(model.providerLabel) ?? []), model]);
  return (
    <Field label="Model" htmlFor="session-model" error={error}>
      <Select value={value || undefined} onValueChange={onChange} disabled={models.length === 0}>
        <SelectTrigger {...fieldControlProps("session-model", { error })}>
          <SelectValue placeholder="No models available" />
        </SelectTrigger>
        <SelectContent>
          {[...groups].map(([provider, options]) => (
            <SelectGroup key={provider}>
              <SelectLabel>{provider}</SelectLabel>
              {options.map((model) => (
                <SelectItem key={model.id} value={model.id}>
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

export const REASONING_EFFORTS = ["default", "low", "medium", "high"] as const;
export type EffortChoice = (typeof REASONING_EFFORTS)[number];
const EFFORT_LABELS = { default: "Model default", low: "Low", medium: "Medium", high: "High" } satisfies Record<EffortChoice, string>;

export function EffortField({ value, onChange, error }: FieldProps<EffortChoice>) {
  return (
    <Field label="Reasoning effort" htmlFor="session-effort" error={error}>
      <Select value={value} onValueChange={(next) => onChange(REASONING_EFFORTS.find((effort) => effort === next) ?? "default")}>
        <SelectTrigger {...fieldControlProps("session-effort", { error })}>
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {REASONING_EFFORTS.map((effort) => (
            <SelectItem key={effort} value={effort}>
              {EFFORT_LABELS[effort]}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </Field>
  );
}
