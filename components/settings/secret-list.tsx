"use client";

// The names of one scope's secrets, with when and by whom each was last changed, and a Remove
// button each that asks first.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { RelativeTime } from "@/components/ui/relative-time";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import type { SecretSummary } from "@/server/secrets/secrets";
import type { HeadingLevel, SecretsScope } from "./secrets-manager";

type SecretListProps = {
  scope: SecretsScope;
  secrets: SecretSummary[] | undefined;
  headingLevel: HeadingLevel;
  /** Whether the viewer may remove them (a Remove button each). */
  canChange: boolean;
};

export function SecretList({ scope, secrets, headingLevel, canChange }: SecretListProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingId = useId();
  const [removing, setRemoving] = useState<string | null>(null);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const remove = useMutation(
    trpc.secret.remove.mutationOptions({
      onSuccess: ({ key }) => toast({ title: `Removed ${key}`, variant: "success" }),
      onError: (error) =>
        toast({ title: "Could not remove the secret", description: errorMessage(error), variant: "error" }),
      // A provider key among them changes which models are available.
      onSettled: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.secret.list.queryKey(scope) }),
          queryClient.invalidateQueries({ queryKey: trpc.model.list.pathKey() }),
        ]),
    }),
  );
  const sandboxes = scope.repositoryId ? "This repository's sandboxes" : "Sandboxes";

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-3">
      <Heading id={headingId} className="text-base font-medium">
        Saved secrets
      </Heading>
      {secrets === undefined ? <p className="text-sm text-muted">Loading secrets…</p> : null}
      {secrets?.length === 0 ? <p className="text-sm text-muted">No secrets yet.</p> : null}
      {secrets && secrets.length > 0 ? (
        <ul aria-labelledby={headingId} className="divide-y divide-border rounded-md border border-border">
          {secrets.map((secret) => (
            <li key={secret.key} className="flex items-center justify-between gap-4 px-4 py-3 text-sm">
              <div className="min-w-0">
                <div className="break-all font-mono font-medium">{secret.key}</div>
                <div className="text-xs text-muted">
                  {secret.scope === "global" ? "Global" : "This repository"} · changed{" "}
                  <RelativeTime date={secret.updatedAt} />
                  {secret.updatedBy?.name ? ` by ${secret.updatedBy.name}` : ""}
                </div>
              </div>
              {canChange ? (
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() => setRemoving(secret.key)}
                  aria-label={`Remove ${secret.key}`}
                >
                  Remove
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => {
          if (!open) setRemoving(null);
        }}
        title={`Remove ${removing ?? ""}?`}
        description={`${sandboxes} started from now on will not have it; those already running keep it until they are replaced. Its value cannot be recovered.`}
        confirmLabel="Remove"
        destructive
        isPending={remove.isPending}
        onConfirm={() => {
          if (removing) remove.mutate({ ...scope, key: removing }, { onSettled: () => setRemoving(null) });
        }}
      />
    </section>
  );
}
