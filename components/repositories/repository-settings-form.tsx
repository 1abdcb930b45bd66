"use client";

// A repository's settings, one form, saved together. Native controls throughout: every field is
// reachable and changeable by keyboard alone. The base branch and time limits are checked here
// with the server's own schema first, each problem beside its field; other errors come back from
// the server.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { type FormEvent, useState } from "react";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field, fieldControlProps, Input } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage, fieldError } from "@/lib/trpc/errors";
import type { RepositorySettings } from "@/server/repositories/repository-settings";
import { repositorySettingsPatch } from "@/server/repositories/schemas";
import {
  DEFAULT_SETUP_TIMEOUT_SECONDS,
  DEFAULT_START_TIMEOUT_SECONDS,
  SETUP_TIMEOUT_RANGE,
  START_TIMEOUT_RANGE,
} from "@/server/sandboxes/time-limits";
import { NOT_AN_AMOUNT, parseUsd, UsdField, usdText } from "@/components/budgets/usd-field";
import { DefaultModelFields } from "./default-model-fields";
import { NetworkAccessSection } from "./network-access-section";
import { Checkbox, SecondsField, Section } from "./settings-controls";

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
  defaultBaseBranch: string;
  setupTimeoutSeconds: string;
  startTimeoutSeconds: string;
  imageBuildsEnabled: boolean;
  egressMode: EgressMode;
  egressHosts: string;
  monthlyBudgetUsd: string;
};

type EgressMode = RepositorySettings["egressMode"];

/** Fields checked here with the server's own schema before saving, so each problem shows beside its field. */
const checkedHere = repositorySettingsPatch.pick({
  defaultBaseBranch: true,
  setupTimeoutSeconds: true,
  startTimeoutSeconds: true,
});
type CheckedField = keyof z.infer<typeof checkedHere>;
const CONTROL_IDS = {
  defaultBaseBranch: "default-base-branch",
  setupTimeoutSeconds: "setup-timeout",
  startTimeoutSeconds: "start-timeout",
} satisfies Record<CheckedField, string>;
const CHECKED_FIELDS = Object.keys(CONTROL_IDS) as CheckedField[];

/** Empty: the default (null); anything else must be a number, which the schema then checks. */
const secondsOf = (text: string) => (text.trim() === "" ? null : Number(text));

export function RepositorySettingsForm({ repositoryId }: { repositoryId: string }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.repository.settings.queryOptions({ id: repositoryId }));
  if (settings.isError)
    return (
      <p role="alert" className="text-sm text-danger">
        Could not load the settings: {errorMessage(settings.error)}
      </p>
    );
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
    defaultBaseBranch: data.defaultBaseBranch ?? "",
    setupTimeoutSeconds: data.setupTimeoutSeconds?.toString() ?? "",
    startTimeoutSeconds: data.startTimeoutSeconds?.toString() ?? "",
    imageBuildsEnabled: data.imageBuildsEnabled,
    egressMode: data.egressMode,
    egressHosts: data.egressHosts.join("\n"),
    monthlyBudgetUsd: usdText(data.monthlyBudgetUsd),
  };
}

function SettingsFields({ repositoryId, saved }: { repositoryId: string; saved: RepositorySettings }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const repositories = useQuery(trpc.repository.list.queryOptions());
  const branches = useQuery(trpc.repository.branches.queryOptions({ id: repositoryId }));
  // Whether this person may change the network access: administrators only.
  const instance = useQuery(trpc.settings.get.queryOptions());
  const isAdministrator = instance.data?.canChange === true;
  const [form, setForm] = useState<FormState>(() => formStateOf(saved));
  const [localErrors, setLocalErrors] = useState<Partial<Record<CheckedField, string[]>>>({});
  const [budgetError, setBudgetError] = useState<string>();
  const repository = repositories.data?.find((candidate) => candidate.id === repositoryId);

  const save = useMutation(
    trpc.repository.updateSettings.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.repository.settings.queryKey({ id: repositoryId }), saved);
        // The new-session form starts from the default base branch the branch list names.
        void queryClient.invalidateQueries({ queryKey: trpc.repository.branches.queryKey({ id: repositoryId }) });
        toast({ title: "Settings saved", variant: "success" });
      },
    }),
  );

  const set = <Key extends keyof FormState>(key: Key, value: FormState[Key]) => setForm({ ...form, [key]: value });
  const fieldErrors = {
    defaultBaseBranch: localErrors.defaultBaseBranch?.[0] ?? fieldError(save.error, "defaultBaseBranch"),
    setupTimeoutSeconds: localErrors.setupTimeoutSeconds?.[0] ?? fieldError(save.error, "setupTimeoutSeconds"),
    startTimeoutSeconds: localErrors.startTimeoutSeconds?.[0] ?? fieldError(save.error, "startTimeoutSeconds"),
  } satisfies Record<CheckedField, string | undefined>;
  const shownAtAField = [...CHECKED_FIELDS, "egressHosts", "monthlyBudgetUsd"];
  const isShownAtAField = shownAtAField.some((field) => fieldError(save.error, field));
  const error =
    save.error && !isShownAtAField
      ? (fieldError(save.error, "settings") ??
        fieldError(save.error, "model") ??
        fieldError(save.error, "reasoningEffort") ??
        errorMessage(save.error))
      : undefined;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = checkedHere.safeParse({
      defaultBaseBranch: form.defaultBaseBranch.trim() || null,
      setupTimeoutSeconds: secondsOf(form.setupTimeoutSeconds),
      startTimeoutSeconds: secondsOf(form.startTimeoutSeconds),
    });
    const found = checked.success ? {} : z.flattenError(checked.error).fieldErrors;
    setLocalErrors(found);
    if (!checked.success) {
      const first = CHECKED_FIELDS.find((field) => found[field]);
      if (first) document.getElementById(CONTROL_IDS[first])?.focus();
      return;
    }
    const monthlyBudgetUsd = parseUsd(form.monthlyBudgetUsd);
    setBudgetError(Number.isNaN(monthlyBudgetUsd) ? NOT_AN_AMOUNT : undefined);
    if (Number.isNaN(monthlyBudgetUsd)) return document.getElementById("monthly-budget")?.focus();
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
        ...checked.data,
        imageBuildsEnabled: form.imageBuildsEnabled,
        egressMode: form.egressMode,
        egressHosts: form.egressHosts.split(/[\s,]+/).filter(Boolean),
        monthlyBudgetUsd,
      },
    });
  }

  return (
    <form
      onSubmit={submit}
      className="flex max-w-2xl flex-col gap-8"
      aria-describedby={error ? "settings-error" : undefined}
    >
      <div>
        <p className="text-sm">
          <Link href="/repositories" className="text-muted underline">
            Repositories
          </Link>
        </p>
        <h1 className="text-xl font-semibold">
          Settings of {repository ? `${repository.owner}/${repository.name}` : "the repository"}
        </h1>
        {saved.updatedAt ? (
          <p className="text-sm text-muted">
            Last changed <RelativeTime date={saved.updatedAt} />
            {saved.updatedBy?.name ? ` by ${saved.updatedBy.name}` : ""}
          </p>
        ) : null}
      </div>

      <Section title="Sessions">
        <Field
          label="Default base branch"
          htmlFor={CONTROL_IDS.defaultBaseBranch}
          hint={`Sessions start from this branch when they do not choose one. Empty: the repository's default branch${branches.data ? ` (${branches.data.defaultBranch})` : ""}.`}
          error={fieldErrors.defaultBaseBranch}
        >
          <Input
            {...fieldControlProps(CONTROL_IDS.defaultBaseBranch, { hint: true, error: fieldErrors.defaultBaseBranch })}
            className="font-mono"
            list="default-base-branch-options"
            autoComplete="off"
            spellCheck={false}
            placeholder={branches.data?.defaultBranch}
            value={form.defaultBaseBranch}
            maxLength={255}
            onChange={(event) => set("defaultBaseBranch", event.target.value)}
          />
          <datalist id="default-base-branch-options">
            {(branches.data?.branches ?? []).map((branch) => (
              <option key={branch} value={branch} />
            ))}
          </datalist>
        </Field>
        <DefaultModelFields
          repositoryId={repositoryId}
          value={{ defaultModel: form.defaultModel, defaultReasoningEffort: form.defaultReasoningEffort }}
          onChange={(choice) => setForm({ ...form, ...choice })}
        />
      </Section>

      <Section title="Sandboxes">
        <SecondsField
          id={CONTROL_IDS.setupTimeoutSeconds}
          label="Setup time limit (seconds)"
          script=".nightshift/setup.sh"
          range={SETUP_TIMEOUT_RANGE}
          defaultSeconds={DEFAULT_SETUP_TIMEOUT_SECONDS}
          value={form.setupTimeoutSeconds}
          error={fieldErrors.setupTimeoutSeconds}
          onChange={(value) => set("setupTimeoutSeconds", value)}
        />
        <SecondsField
          id={CONTROL_IDS.startTimeoutSeconds}
          label="Start time limit (seconds)"
          script=".nightshift/start.sh"
          range={START_TIMEOUT_RANGE}
          defaultSeconds={DEFAULT_START_TIMEOUT_SECONDS}
          value={form.startTimeoutSeconds}
          error={fieldErrors.startTimeoutSeconds}
          onChange={(value) => set("startTimeoutSeconds", value)}
        />
        <Checkbox
          id="image-builds-enabled"
          checked={form.imageBuildsEnabled}
          onChange={(value) => set("imageBuildsEnabled", value)}
          label="Build prebuilt images of this repository"
          hint="New sessions on the default branch start from an image with setup.sh already run (Images, below)."
        />
      </Section>

      <NetworkAccessSection
        mode={form.egressMode}
        hosts={form.egressHosts}
        onMode={(mode) => set("egressMode", mode)}
        onHosts={(hosts) => set("egressHosts", hosts)}
        isAdministrator={isAdministrator}
        hostsError={fieldError(save.error, "egressHosts")}
      />

      <Section title="Budget">
        <UsdField
          id="monthly-budget"
          label="What this repository's model calls may cost in a month"
          hint={
            isAdministrator
              ? "Across all its sessions, in a calendar month (UTC). When it is reached, prompts stop until next month or a higher limit. Empty: no limit."
              : "Only an administrator can change this repository's budget."
          }
          value={form.monthlyBudgetUsd}
          onChange={(value) => set("monthlyBudgetUsd", value)}
          error={budgetError ?? fieldError(save.error, "monthlyBudgetUsd")}
          disabled={!isAdministrator}
        />
      </Section>

      <Section title="Pull requests">
        <Checkbox
          id="draft-pull-requests"
          checked={form.draftPullRequests}
          onChange={(value) => set("draftPullRequests", value)}
          label="Open pull requests as drafts"
        />
        <Field
          label="Label"
          htmlFor="pull-request-label"
          hint="Added to every pull request Nightshift opens. Empty: none."
        >
          <Input
            {...fieldControlProps("pull-request-label")}
            value={form.pullRequestLabel}
            maxLength={50}
            onChange={(event) => set("pullRequestLabel", event.target.value)}
          />
        </Field>
      </Section>

      <Section title="GitHub bot">
        <Checkbox
          id="bot-enabled"
          checked={form.botEnabled}
          onChange={(value) => set("botEnabled", value)}
          label="Answer mentions and review requests on this repository"
        />
        <Checkbox
          id="auto-review"
          checked={form.autoReview}
          onChange={(value) => set("autoReview", value)}
          label="Review every pull request when it is opened (not drafts, not the bot's own)"
        />
        <Field
          label="Also allowed"
          htmlFor="allowed-users"
          hint="GitHub logins, separated by commas, who may call the bot without write access."
        >
          <Input
            {...fieldControlProps("allowed-users")}
            value={form.allowedUsers}
            onChange={(event) => set("allowedUsers", event.target.value)}
          />
        </Field>
        <Field
          label="Review instructions"
          htmlFor="review-instructions"
          hint="What the bot should pay attention to when it reviews."
        >
          <Textarea
            {...fieldControlProps("review-instructions")}
            value={form.reviewInstructions}
            maxLength={10_000}
            onChange={(event) => set("reviewInstructions", event.target.value)}
          />
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
