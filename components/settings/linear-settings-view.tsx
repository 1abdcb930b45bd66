"use client";

// The Linear agent: whether it is installed (and the button that installs it), and the mappings
// that decide which repository — and model — a team's or a project's issues work on
// (docs/linear.md). Everyone sees them; administrators change them.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, fieldControlProps, Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage, fieldError } from "@/lib/trpc/errors";

const selectClasses = "h-9 rounded-md border border-border bg-surface px-2 text-sm";
const EMPTY = { kind: "team" as "team" | "project", linearId: "", repositoryId: "", model: "" };

export function LinearSettingsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.linear.settings.queryOptions());
  const repositories = useQuery(trpc.repository.list.queryOptions());
  const [mapping, setMapping] = useState(EMPTY);
  const saved = (title: string) => ({
    onSuccess: (view: NonNullable<typeof settings.data>) => {
      queryClient.setQueryData(trpc.linear.settings.queryKey(), view);
      toast({ title, variant: "success" as const });
    },
  });
  const addMapping = useMutation(
    trpc.linear.addMapping.mutationOptions({
      ...saved("Mapping added"),
      onSettled: (view) => view && setMapping(EMPTY),
    }),
  );
  const removeMapping = useMutation(
    trpc.linear.removeMapping.mutationOptions({
      ...saved("Mapping removed"),
      onError: (error) =>
        toast({ title: "Could not remove the mapping", description: errorMessage(error), variant: "error" }),
    }),
  );

  if (settings.isPending) return <p className="text-sm text-muted">Loading Linear&rsquo;s settings…</p>;
  if (settings.isError)
    return (
      <p role="alert" className="text-sm text-danger">
        Could not load Linear&rsquo;s settings: {errorMessage(settings.error)}
      </p>
    );
  const view = settings.data;
  const error = (field: string) => (addMapping.error ? fieldError(addMapping.error, field) : undefined);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    addMapping.mutate({ ...mapping, model: mapping.model || null });
  }

  return (
    <div className="flex max-w-2xl flex-col gap-8">
      <div>
        <h1 className="text-xl font-semibold">Linear</h1>
        <p className="text-sm text-muted">
          Assign an issue to the agent, or mention it in a comment, and it works on the issue in a Nightshift session as
          you.
        </p>
      </div>

      <section aria-labelledby="linear-install-heading" className="flex flex-col gap-3">
        <h2 id="linear-install-heading" className="text-lg font-medium">
          Installation
        </h2>
        {!view.isConfigured ? (
          <p className="text-sm">
            The Linear agent is not set up on this Nightshift: its operator sets LINEAR_CLIENT_ID, LINEAR_CLIENT_SECRET
            and LINEAR_WEBHOOK_SECRET (docs/linear.md).
          </p>
        ) : view.installations.length === 0 ? (
          <p className="text-sm">Not installed in any Linear workspace yet.</p>
        ) : (
          <ul aria-label="Workspaces" className="text-sm">
            {view.installations.map((installation) => (
              <li key={installation.organizationName}>
                Installed in <strong>{installation.organizationName}</strong>
              </li>
            ))}
          </ul>
        )}
        {view.isConfigured && view.canChange ? (
          <p>
            <a href="/api/linear/install" className="text-sm underline">
              {view.installations.length === 0
                ? "Install in a Linear workspace"
                : "Install again, or in another workspace"}
            </a>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="linear-mappings-heading" className="flex flex-col gap-3">
        <h2 id="linear-mappings-heading" className="text-lg font-medium">
          Team and project mappings
        </h2>
        <p className="text-sm text-muted">
          An issue of the team (or the project, which wins) works on its repository, with its model when one is set. A
          team is named by its key, such as ENG; a project by its name.
        </p>
        {view.mappings.length === 0 ? (
          <p className="text-sm">No mappings.</p>
        ) : (
          <ul aria-label="Mappings" className="flex flex-col divide-y divide-border rounded-md border border-border">
            {view.mappings.map((entry) => (
              <li key={entry.id} className="flex items-center justify-between gap-4 px-3 py-2 text-sm">
                <span>
                  {entry.kind === "team" ? "Team" : "Project"} <strong>{entry.linearId}</strong> →{" "}
                  {entry.repository.owner}/{entry.repository.name}
                  {entry.model ? ` (${entry.model})` : ""}
                </span>
                {view.canChange ? (
                  <Button variant="ghost" size="sm" onClick={() => removeMapping.mutate({ id: entry.id })}>
                    Remove<span className="sr-only"> the mapping of {entry.linearId}</span>
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {view.canChange ? (
          <form onSubmit={submit} className="flex flex-wrap items-end gap-3" noValidate>
            <Field label="Kind" htmlFor="linear-mapping-kind">
              <select
                id="linear-mapping-kind"
                className={selectClasses}
                value={mapping.kind}
                onChange={(event) => setMapping({ ...mapping, kind: event.target.value as "team" | "project" })}
              >
                <option value="team">Team</option>
                <option value="project">Project</option>
              </select>
            </Field>
            <Field
              label={mapping.kind === "team" ? "Team key" : "Project name"}
              htmlFor="linear-mapping-id"
              error={error("linearId")}
            >
              <Input
                {...fieldControlProps("linear-mapping-id", { error: error("linearId") })}
                value={mapping.linearId}
                placeholder={mapping.kind === "team" ? "ENG" : "Checkout revamp"}
                onChange={(event) => setMapping({ ...mapping, linearId: event.target.value })}
              />
            </Field>
            <Field label="Repository" htmlFor="linear-mapping-repository" error={error("repositoryId")}>
              <select
                {...fieldControlProps("linear-mapping-repository", { error: error("repositoryId") })}
                className={`${selectClasses} w-64`}
                value={mapping.repositoryId}
                onChange={(event) => setMapping({ ...mapping, repositoryId: event.target.value })}
              >
                <option value="">Choose a repository</option>
                {repositories.data?.map((repository) => (
                  <option key={repository.id} value={repository.id}>
                    {repository.owner}/{repository.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Model (optional)" htmlFor="linear-mapping-model" error={error("model")}>
              <Input
                {...fieldControlProps("linear-mapping-model", { error: error("model") })}
                value={mapping.model}
                placeholder="anthropic/claude-sonnet-4-5"
                onChange={(event) => setMapping({ ...mapping, model: event.target.value })}
              />
            </Field>
            <Button type="submit" disabled={addMapping.isPending}>
              Add mapping
            </Button>
            {addMapping.error && !error("linearId") && !error("repositoryId") && !error("model") ? (
              <p role="alert" className="w-full text-sm text-danger">
                {errorMessage(addMapping.error)}
              </p>
            ) : null}
          </form>
        ) : null}
      </section>
    </div>
  );
}
