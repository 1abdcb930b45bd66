"use client";

// The repositories an automation works on: one to ten, each with its base branch (its default
// unless another is chosen). Each gets its own session when the automation runs.
import { useQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/client";
import { AUTOMATION_LIMITS } from "@/server/automations/schemas";

export type TargetRow = { repositoryId: string; branch: string | null };

const selectClasses = "h-9 rounded-md border border-border bg-surface px-2 text-sm";

export function TargetsField({
  targets,
  onChange,
  error,
}: {
  targets: TargetRow[];
  onChange: (targets: TargetRow[]) => void;
  error?: string;
}) {
  const trpc = useTRPC();
  const repositories = useQuery(trpc.repository.list.queryOptions());
  const update = (index: number, change: Partial<TargetRow>) =>
    onChange(targets.map((target, at) => (at === index ? { ...target, ...change } : target)));
  return (
    <fieldset className="flex flex-col gap-2" aria-describedby={error ? "automation-targets-error" : undefined}>
      <legend className="text-sm font-medium">Repositories</legend>
      <p className="text-xs text-muted">
        Each run opens one session per repository, as you: you need write access to each.
      </p>
      {targets.map((target, index) => (
        <div key={index} className="flex flex-wrap items-center gap-2">
          <select
            aria-label={`Repository ${index + 1}`}
            className={`${selectClasses} w-64`}
            value={target.repositoryId}
            onChange={(event) => update(index, { repositoryId: event.target.value, branch: null })}
          >
            <option value="">Choose a repository</option>
            {repositories.data?.map((repository) => (
              <option key={repository.id} value={repository.id}>
                {repository.owner}/{repository.name}
              </option>
            ))}
          </select>
          {target.repositoryId ? (
            <BranchSelect
              index={index}
              repositoryId={target.repositoryId}
              value={target.branch}
              onChange={(branch) => update(index, { branch })}
            />
          ) : null}
          {targets.length > 1 ? (
            <Button variant="ghost" size="sm" onClick={() => onChange(targets.filter((_, at) => at !== index))}>
              Remove<span className="sr-only"> repository {index + 1}</span>
            </Button>
          ) : null}
        </div>
      ))}
      {error ? (
        <p id="automation-targets-error" className="text-xs text-danger">
          {error}
        </p>
      ) : null}
      {targets.length < AUTOMATION_LIMITS.targets ? (
        <div>
          <Button
            variant="secondary"
            size="sm"
            onClick={() => onChange([...targets, { repositoryId: "", branch: null }])}
          >
            Add a repository
          </Button>
        </div>
      ) : null}
    </fieldset>
  );
}

function BranchSelect({
  index,
  repositoryId,
  value,
  onChange,
}: {
  index: number;
  repositoryId: string;
  value: string | null;
  onChange: (branch: string | null) => void;
}) {
  const trpc = useTRPC();
  const branches = useQuery(trpc.repository.branches.queryOptions({ id: repositoryId }));
  return (
    <select
      aria-label={`Repository ${index + 1} base branch`}
      className={`${selectClasses} w-48 font-mono`}
      value={value ?? ""}
      onChange={(event) => onChange(event.target.value || null)}
    >
      <option value="">Default branch</option>
      {branches.data?.branches.map((branch) => (
        <option key={branch} value={branch}>
          {branch}
        </option>
      ))}
    </select>
  );
}
