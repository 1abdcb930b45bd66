"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import Link from "next/link";
import { Button, buttonClasses } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { RelativeTime } from "@/components/ui/relative-time";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import type { RepositoryView } from "@/server/repositories/list-repositories";

export function RepositoryTable({ repositories }: { repositories: RepositoryView[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [removing, setRemoving] = useState<RepositoryView | null>(null);
  const remove = useMutation(
    trpc.repository.remove.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.repository.list.queryKey() }),
      onSuccess: () => toast({ title: `Removed ${removing?.name ?? "the repository"}`, variant: "success" }),
      onError: (error) =>
        toast({ title: "Could not remove the repository", description: errorMessage(error), variant: "error" }),
    }),
  );

  return (
    <>
      <table className="w-full border-collapse text-left text-sm">
        <thead className="border-b border-border text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">
              Name
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              Default branch
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              Added
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              By
            </th>
            <th scope="col" className="py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {repositories.map((repository) => (
            <tr key={repository.id} className="border-b border-border last:border-0">
              <td className="py-3 pr-4">
                <div className="font-medium">
                  {repository.displayName}
                  {repository.isPrivate ? (
                    <span className="ml-2 rounded border border-border px-1 text-xs font-normal text-muted">
                      private
                    </span>
                  ) : null}
                </div>
                {repository.description ? <div className="text-xs text-muted">{repository.description}</div> : null}
              </td>
              <td className="py-3 pr-4 font-mono text-xs">{repository.defaultBranch}</td>
              <td className="py-3 pr-4 text-muted">
                <RelativeTime date={repository.createdAt} />
              </td>
              <td className="py-3 pr-4">{repository.addedBy?.name ?? repository.addedBy?.email ?? "—"}</td>
              <td className="py-3 text-right">
                <Link
                  href={`/repositories/${repository.id}/settings`}
                  className={buttonClasses({ variant: "ghost", size: "sm" })}
                  aria-label={`Settings of ${repository.name}`}
                >
                  Settings
                </Link>
                {/* Administrators, and whoever added it (docs/access.md). */}
                {repository.canRemove ? (
                  <Button
                    variant="ghost"
                    size="sm"
                    onClick={() => setRemoving(repository)}
                    aria-label={`Remove ${repository.name}`}
                  >
                    Remove
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => {
          if (!open) setRemoving(null);
        }}
        title={`Remove ${removing?.name ?? ""}?`}
        description="Nightshift forgets this repository. The repository itself, on disk, is not touched."
        confirmLabel="Remove"
        destructive
        isPending={remove.isPending}
        onConfirm={() => {
          if (!removing) return;
          remove.mutate({ id: removing.id }, { onSettled: () => setRemoving(null) });
        }}
      />
    </>
  );
}
