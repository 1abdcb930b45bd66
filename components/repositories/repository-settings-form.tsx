"use client";

// A repository's settings, one form, saved together. Native controls throughout: every field is
// reachable and changeable by keyboard alone. Errors come back from the server per field.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { type FormEvent, type ReactNode, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, fieldControlProps, Input, textControlClasses } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import { cn } from "@/components/ui/cn";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage, fieldError } from "@/lib/trpc/errors";
import type { RepositorySettings } from "@/server/repositories/repository-settings";

type Effort = string;
type FormState = {
  botEnabled: boolean;
  autoReview: boolean;
  allowedUsers: string;
  reviewInstructions: string;
  defaultModel: string;
  defaultReasoningEffort: Effort;
  draftPullRequests: boolean;
  pullRequestLabel: string;
};

export function RepositorySettingsForm({ repositoryId }: { repositoryId: string }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.repository.settings.queryOptions({ id: repositoryId }));
  if (settings.isError) return <p role="alert" className="text-sm text-danger">Could not load the settings: {errorMessage(settings.error)}</p>;
  if (!settings.data) return <p className="text-sm text-muted">Loading…</p>;
  return <SettingsFields repositoryId={repositoryId} saved={settings.data} />;
}

function formStateOf(data: RepositorySettings): FormState {
  return {
    botEnabled: data.botEnabled,
    autoReview: data.autoReview,
    allowedUsers: data.allowedUsers.join(", "),
    reviewInstructions: data.reviewInstructions ?? "",
    defaultModel: data.defaultModel ?? "",
    defaultReasoningEffort: data.defaultReasoningEffort ?? "",
    draftPullRequests: data.draftPullRequests,
    pullRequestLabel: data.pullRequestLabel ?? "",
  };
}

function SettingsFields({ repositoryId, saved }: { repositoryId: string; saved: RepositorySettings }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const repositories = useQuery(trpc.repository.list.queryOptions());
  const models = useQuery(trpc.model.list.queryOptions());
  const [form, setForm] = useState<FormState>(() => formStateOf(saved));
  const repository = repositories.data?.find((candidate) => candidate.id === repositoryId);

  const save = useMutation(
    trpc.repository.updateSettings.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.repository.settings.queryKey({ id: repositoryId }), saved);
        toast({ title: "Settings saved", variant: "success" });
      },
    }),
  );

  const set = <Key extends keyof FormState>(key: Key, value: FormState[Key]) => setForm({ ...form, [key]: value });
  const error = save.error ? (fieldError(save.error, "settings") ?? fieldError(save.error, "model") ?? errorMessage(save.error)) : undefined;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({
      id: repositoryId,
      settings: {
        botEnabled: form.botEnabled,
        autoReview: form.autoReview,
        allowedUsers: form.allowedUsers.split(/[\s,]+/).filter(Boolean),
        reviewInstructions: form.reviewInstructions.trim() || null,
        defaultModel: form.defaultModel || null,
        defaultReasoningEffort: form.defaultReasoningEffort || null,
        draftPullRequests: form.draftPullRequests,
        pullRequestLabel: form.pullRequestLabel.trim() || null,
      },
    });
  }

  return (
    <form onSubmit={submit} className="flex max-w-2xl flex-col gap-8" aria-describedby={error ? "settings-error" : undefined}>
      <div>
        <p className="text-sm">
          <Link href="/repositories" className="text-muted underline">
            Repositories
          </Link>
        </p>
        <h1 className="text-xl font-semibold">Settings of {repository ? `${repository.owner}/${repository.name}` : "the repository"}</h1>
        {saved.updatedAt ? (
          <p className="text-sm text-muted">
            Last changed <RelativeTime date={saved.updatedAt} />
            {saved.updatedBy?.name ? ` by ${saved.updatedBy.name}` : ""}
          </p>
        ) : null}
      </div>

      <Section title="Sessions">
        <Field label="Default model" htmlFor="default-model" hint="For sessions that do not choose one.">
          <select id="default-model" className={cn(textControlClasses, "h-9")} value={form.defaultModel} onChange={(event) => set("defaultModel", event.target.value)}>
            <option value="">Nightshift&rsquo;s default{models.data?.defaultModel ? ` (${models.data.defaultModel})` : ""}</option>
            {(models.data?.models ?? []).map((model) => (
              <option key={model.id} value={model.id}>
                {model.id}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Default reasoning effort" htmlFor="default-effort">
          <select id="default-effort" className={cn(textControlClasses, "h-9")} value={form.defaultReasoningEffort} onChange={(event) => set("defaultReasoningEffort", event.target.value)}>
            <option value="">The model&rsquo;s own</option>
            <option value="low">Low</option>
            <option value="medium">Medium</option>
            <option value="high">High</option>
          </select>
        </Field>
      </Section>

      <Section title="Pull requests">
        <Checkbox id="draft-pull-requests" checked={form.draftPullRequests} onChange={(value) => set("draftPullRequests", value)} label="Open pull requests as drafts" />
        <Field label="Label" htmlFor="pull-request-label" hint="Added to every pull request Nightshift opens. Empty: none.">
          <Input {...fieldControlProps("pull-request-label")} value={form.pullRequestLabel} maxLength={50} onChange={(event) => set("pullRequestLabel", event.target.value)} />
        </Field>
      </Section>

      <Section title="GitHub bot">
        <Checkbox id="bot-enabled" checked={form.botEnabled} onChange={(value) => set("botEnabled", value)} label="Answer mentions and review requests on this repository" />
        <Checkbox id="auto-review" checked={form.autoReview} onChange={(value) => set("autoReview", value)} label="Review every pull request when it is opened (not drafts, not the bot's own)" />
        <Field label="Also allowed" htmlFor="allowed-users" hint="GitHub logins, separated by commas, who may call the bot without write access.">
          <Input {...fieldControlProps("allowed-users")} value={form.allowedUsers} onChange={(event) => set("allowedUsers", event.target.value)} />
        </Field>
        <Field label="Review instructions" htmlFor="review-instructions" hint="What the bot should pay attention to when it reviews.">
          <Textarea {...fieldControlProps("review-instructions")} value={form.reviewInstructions} maxLength={10_000} onChange={(event) => set("reviewInstructions", event.target.value)} />
        </Field>
      </Section>

      {error ? (
        <p id="settings-error" role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
      <div>
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save settings"}
        </Button>
      </div>
    </form>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="flex flex-col gap-4">
      <legend className="mb-2 text-base font-medium">{title}</legend>
      {children}
    </fieldset>
  );
}

function Checkbox({ id, checked, onChange, label }: { id: string; checked: boolean; onChange: (value: boolean) => void; label: string }) {
  return (
    <div className="flex items-center gap-2 text-sm">
      <input id={id} type="checkbox" className="size-4 accent-current" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
