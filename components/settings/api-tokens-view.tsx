"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field, fieldControlProps, Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage, fieldError } from "@/lib/trpc/errors";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function ApiTokensView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.apiToken.list.queryOptions());
  const [name, setName] = useState("");
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiToken.list.queryKey() });
  const create = useMutation(
    trpc.apiToken.create.mutationOptions({
      onSuccess: async ({ token, apiToken }) => {
        setCreated({ name: apiToken.name, token });
        setName("");
        await refresh();
      },
    }),
  );
  const revoke = useMutation(
    trpc.apiToken.revoke.mutationOptions({
      onSuccess: (token) => toast({ title: `Revoked ${token.name}`, variant: "success" }),
      onError: (error) =>
        toast({ title: "Could not revoke the token", description: errorMessage(error), variant: "error" }),
      onSettled: () => refresh(),
    }),
  );
  const nameError = create.error ? (fieldError(create.error, "name") ?? errorMessage(create.error)) : undefined;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ name });
  }

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-xl font-semibold">API tokens</h1>
        <p className="text-sm text-muted">
          Personal tokens for the HTTP API at /api/v1. Send one as Authorization: Bearer &lt;token&gt;.
        </p>
      </div>
      <form onSubmit={submit} className="flex items-end gap-3" noValidate>
        <Field label="New token's name" htmlFor="token-name" error={nameError} className="flex-1">
          <Input
            {...fieldControlProps("token-name", { error: nameError })}
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="CI pipeline"
          />
        </Field>
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create token"}
        </Button>
      </form>
      {created ? (
        <div
          role="status"
          className="flex flex-col gap-2 rounded-md border border-success/50 bg-success/10 p-4 text-sm"
        >
          <p className="font-medium">Copy the token {created.name} now: it is not shown again.</p>
          <code className="break-all rounded bg-surface px-2 py-1 font-mono text-xs">{created.token}</code>
        </div>
      ) : null}
      {tokens.isPending ? <p className="text-sm text-muted">Loading tokens…</p> : null}
      {tokens.data?.length === 0 ? <p className="text-sm text-muted">You have no API tokens.</p> : null}
      {tokens.data && tokens.data.length > 0 ? (
        <ul className="divide-y divide-border rounded-md border border-border">
          {tokens.data.map((token) => (
            <li key={token.id} className="flex items-center justify-between gap-4 px-4 py-3 text-sm">
              <div>
                <div className="font-medium">{token.name}</div>
                <div className="text-xs text-muted">
                  <span className="font-mono">{token.prefix}…</span> · created {dateFormat.format(token.createdAt)} ·{" "}
                  {token.lastUsedAt ? `last used ${dateFormat.format(token.lastUsedAt)}` : "never used"}
                </div>
              </div>
              {token.revokedAt ? (
                <span className="text-xs text-muted">revoked {dateFormat.format(token.revokedAt)}</span>
              ) : (
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() => setRevoking(token)}
                  aria-label={`Revoke ${token.name}`}
                >
                  Revoke
                </Button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => {
          if (!open) setRevoking(null);
        }}
        title={`Revoke ${revoking?.name ?? ""}?`}
        description="Requests with this token are refused from now on. This cannot be undone."
        confirmLabel="Revoke"
        destructive
        isPending={revoke.isPending}
        onConfirm={() => {
          if (revoking) revoke.mutate({ id: revoking.id }, { onSettled: () => setRevoking(null) });
        }}
      />
    </div>
  );
}
