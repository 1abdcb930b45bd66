"use client";

import { useQuery } from "@tanstack/react-query";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/client";
import { AddRepositoryDialog } from "./add-repository-dialog";
import { RepositoryTable } from "./repository-table";

export function RepositoriesView() {
  const trpc = useTRPC();
  const repositories = useQuery(trpc.repository.list.queryOptions());

  return (
    <div className="flex flex-col gap-6">
      <div className="flex items-center justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold">Repositories</h1>
          <p className="text-sm text-muted">The repositories Nightshift can work on, shared by everyone here.</p>
        </div>
        <AddRepositoryDialog />
      </div>
      {repositories.isPending ? (
        <p className="text-sm text-muted">Loading repositories…</p>
      ) : repositories.isError ? (
        <p role="alert" className="text-sm text-danger">
          Could not load repositories: {errorMessage(repositories.error)}
        </p>
      ) : repositories.data.length === 0 ? (
        <div className="rounded-lg border border-dashed border-border p-10 text-center">
          <p className="font-medium">No repositories yet</p>
          <p className="text-sm text-muted">Add a git repository on this machine to get started.</p>
        </div>
      ) : (
        <RepositoryTable repositories={repositories.data} />
      )}
    </div>
  );
}
