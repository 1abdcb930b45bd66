"use client";

// Creating or changing an automation. The form is checked as it is filled with the same schema
// the server uses (server/automations/schemas.ts); the schedule's next runs show as you type.
// A new webhook key or signing secret is shown once, after saving.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { Field, fieldControlProps, Input } from "@/components/ui/input";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import type { AutomationView } from "@/server/automations/automation-views";
import type { NewSecrets } from "@/server/automations/manage-automations";
import { AUTOMATION_LIMITS, automationFields } from "@/server/automations/schemas";
import { type ConditionRow, ConditionBuilder, toCondition, toRow } from "./condition-builder";
import { NewSecretsPanel } from "./new-secrets";
import { initialSchedule, ScheduleFields, type ScheduleState, scheduleCron } from "./schedule-fields";
import { SentryFields, type SentryState } from "./sentry-fields";
import { TargetsField, type TargetRow } from "./targets-field";

type TriggerType = "schedule" | "webhook" | "sentry";

type FormState = {
  name: string;
  instructions: string;
  targets: TargetRow[];
  model: string;
  reasoningEffort: string;
  triggerType: TriggerType;
  schedule: ScheduleState;
  conditions: ConditionRow[];
  sentry: SentryState;
  notifyUrl: string;
  slackChannel: string;
};

function initialState(automation?: AutomationView): FormState {
  const trigger = automation?.trigger;
  return {
    name: automation?.name ?? "",
    instructions: automation?.instructions ?? "",
    targets: automation?.targets.map((t) => ({ repositoryId: t.repositoryId, branch: t.branch })) ?? [
      { repositoryId: "", branch: null },
    ],
    model: automation?.model ?? "",
    reasoningEffort: automation?.reasoningEffort ?? "",
    triggerType: trigger?.type ?? "schedule",
    schedule: trigger?.type === "schedule" ? initialSchedule(trigger.cron, trigger.timeZone) : initialSchedule(),
    conditions: trigger?.type === "webhook" ? trigger.conditions.map(toRow) : [],
    sentry: {
      clientSecret: "",
      projects: trigger?.type === "sentry" ? trigger.projects.join(", ") : "",
      levels: trigger?.type === "sentry" ? trigger.levels : [],
    },
    notifyUrl: automation?.notifyUrl ?? "",
    slackChannel: automation?.slackChannel ?? "",
  };
}

/** The form's state as the schema's input. */
function toFields(state: FormState) {
  const trigger =
    state.triggerType === "schedule"
      ? { type: "schedule" as const, cron: scheduleCron(state.schedule), timeZone: state.schedule.timeZone }
      : state.triggerType === "webhook"
        ? { type: "webhook" as const, conditions: state.conditions.map(toCondition) }
        : {
            type: "sentry" as const,
            ...(state.sentry.clientSecret.trim() ? { clientSecret: state.sentry.clientSecret } : {}),
            projects: state.sentry.projects
              .split(",")
              .map((project) => project.trim())
              .filter(Boolean),
            levels: state.sentry.levels,
          };
  return {
    name: state.name,
    instructions: state.instructions,
    targets: state.targets.map((t) => ({ repositoryId: t.repositoryId, branch: t.branch })),
    model: state.model || null,
    reasoningEffort: state.reasoningEffort || null,
    trigger,
    notifyUrl: state.notifyUrl.trim() || null,
    slackChannel: state.slackChannel.trim() || null,
  };
}

/** Each problem by its path ("name", "trigger.cron", "trigger.conditions.0.path"). */
function problemsOf(state: FormState, editing: boolean): Record<string, string> {
  const parsed = automationFields.safeParse(toFields(state));
  const problems: Record<string, string> = {};
  for (const issue of parsed.error?.issues ?? []) problems[issue.path.join(".")] ??= issue.message;
  if (state.targets.some((t) => !t.repositoryId)) problems.targets ??= "Choose a repository in each row.";
  if (state.triggerType === "sentry" && !editing && !state.sentry.clientSecret.trim())
    problems["trigger.clientSecret"] ??= "Paste the Sentry integration's client secret.";
  return problems;
}

export function AutomationForm({ automation }: { automation?: AutomationView }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [state, setState] = useState(() => initialState(automation));
  const [submitted, setSubmitted] = useState(false);
  const [saved, setSaved] = useState<{ id: string; secrets: NewSecrets } | null>(null);
  const set = (change: Partial<FormState>) => setState((current) => ({ ...current, ...change }));
  const editing = automation !== undefined;
  const firstRepository = state.targets[0]?.repositoryId ?? "";
  const models = useQuery(
    trpc.model.list.queryOptions(firstRepository ? { repositoryId: firstRepository } : undefined, {
      placeholderData: keepPreviousData,
    }),
  );
  const onSaved = async (result: { id: string; secrets: NewSecrets }) => {
    await queryClient.invalidateQueries({ queryKey: trpc.automation.pathKey() });
    if (result.secrets.webhookKey || result.secrets.notifySecret) setSaved(result);
    else router.push(`/automations/${result.id}`);
  };
  const create = useMutation(trpc.automation.create.mutationOptions({ onSuccess: onSaved }));
  const update = useMutation(trpc.automation.update.mutationOptions({ onSuccess: onSaved }));
  const saving = create.isPending || update.isPending;
  const serverError = create.error ?? update.error;

  const problems = problemsOf(state, editing);
  const shown = (path: string) => (submitted ? problems[path] : undefined);
  const conditionErrors = Object.fromEntries(
    state.conditions.map((_, index) => [
      index,
      submitted
        ? (problems[`trigger.conditions.${index}.path`] ?? problems[`trigger.conditions.${index}.value`])
        : undefined,
    ]),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(problems).length > 0 || saving) return;
    const fields = automationFields.parse(toFields(state));
    if (automation) update.mutate({ automationId: automation.id, changes: fields });
    else create.mutate(fields);
  }

  if (saved) return <NewSecretsPanel automationId={saved.id} secrets={saved.secrets} />;

  const selectedModel = models.data?.models.find((model) => model.id === state.model);
  return (
    <form onSubmit={submit} noValidate className="flex max-w-3xl flex-col gap-6">
      <h1 className="text-xl font-semibold">{editing ? `Edit ${automation.name}` : "New automation"}</h1>
      <Field label="Name" htmlFor="automation-name" error={shown("name")}>
        <Input
          {...fieldControlProps("automation-name", { error: shown("name") })}
          value={state.name}
          maxLength={AUTOMATION_LIMITS.name}
          placeholder="Weekly dependency updates"
          onChange={(event) => set({ name: event.target.value })}
        />
      </Field>
      <Field
        label="Instructions"
        htmlFor="automation-instructions"
        hint={`The prompt each run starts with. ${state.instructions.length.toLocaleString()} of ${AUTOMATION_LIMITS.instructions.toLocaleString()} characters.`}
        error={shown("instructions")}
      >
        <Textarea
          {...fieldControlProps("automation-instructions", { hint: true, error: shown("instructions") })}
          value={state.instructions}
          placeholder="Update the dependencies, run the tests, and open a pull request if they pass."
          onChange={(event) => set({ instructions: event.target.value })}
        />
      </Field>
      <TargetsField targets={state.targets} onChange={(targets) => set({ targets })} error={shown("targets")} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Model" htmlFor="automation-model" hint="Each repository's default unless you choose one.">
          <select
            {...fieldControlProps("automation-model", { hint: true })}
            className="h-9 rounded-md border border-border bg-surface px-2 text-sm"
            value={state.model}
            onChange={(event) => set({ model: event.target.value, reasoningEffort: "" })}
          >
            <option value="">Repository default</option>
            {models.data?.models
              .filter((model) => model.available)
              .map((model) => (
                <option key={model.id} value={model.id}>
                  {model.providerLabel}: {model.label}
                </option>
              ))}
          </select>
        </Field>
        <Field label="Reasoning effort" htmlFor="automation-effort">
          <select
            {...fieldControlProps("automation-effort", {})}
            className="h-9 rounded-md border border-border bg-surface px-2 text-sm"
            value={state.reasoningEffort}
            disabled={!selectedModel || selectedModel.efforts.length === 0}
            onChange={(event) => set({ reasoningEffort: event.target.value })}
          >
            <option value="">Model default</option>
            {selectedModel?.efforts.map((effort) => (
              <option key={effort.id} value={effort.id}>
                {effort.label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <section className="flex flex-col gap-4" aria-labelledby="automation-trigger-label">
        <h2 id="automation-trigger-label" className="text-sm font-medium">
          Trigger
        </h2>
        <SegmentedControl
          label="Trigger"
          value={state.triggerType}
          onValueChange={(triggerType) => set({ triggerType })}
          options={[
            { value: "schedule", label: "Schedule" },
            { value: "webhook", label: "Webhook" },
            { value: "sentry", label: "Sentry" },
          ]}
        />
        {state.triggerType === "schedule" ? (
          <ScheduleFields value={state.schedule} onChange={(schedule) => set({ schedule })} />
        ) : state.triggerType === "webhook" ? (
          <>
            <p className="text-sm text-muted">
              Other systems fire it with a POST to its URL and its key, both shown once it is saved. The JSON body
              reaches the agent after the instructions, marked as untrusted.
            </p>
            <ConditionBuilder
              rows={state.conditions}
              onChange={(conditions) => set({ conditions })}
              errors={conditionErrors}
            />
          </>
        ) : (
          <SentryFields
            value={state.sentry}
            onChange={(sentry) => set({ sentry })}
            error={shown("trigger.clientSecret")}
            hasSecret={automation?.trigger.type === "sentry"}
          />
        )}
      </section>
      <Field
        label="Notify a URL when a run ends (optional)"
        htmlFor="automation-notify"
        hint="Nightshift POSTs a JSON summary signed with a secret shown once (X-Nightshift-Signature)."
        error={shown("notifyUrl")}
      >
        <Input
          {...fieldControlProps("automation-notify", { hint: true, error: shown("notifyUrl") })}
          type="url"
          value={state.notifyUrl}
          placeholder="https://hooks.example.com/nightshift"
          onChange={(event) => set({ notifyUrl: event.target.value })}
        />
      </Field>
      <Field
        label="Post results to a Slack channel (optional)"
        htmlFor="automation-slack"
        hint="The channel's ID, at the bottom of its details in Slack; invite the Nightshift bot there."
        error={shown("slackChannel")}
      >
        <Input
          {...fieldControlProps("automation-slack", { hint: true, error: shown("slackChannel") })}
          value={state.slackChannel}
          placeholder="C0123ABCDEF"
          onChange={(event) => set({ slackChannel: event.target.value })}
        />
      </Field>
      {serverError ? (
        <p role="alert" className="text-sm text-danger">
          {errorMessage(serverError)}
        </p>
      ) : null}
      {submitted && Object.keys(problems).length > 0 ? (
        <p role="alert" className="text-sm text-danger">
          Fix the fields marked above to save.
        </p>
      ) : null}
      <div className="flex gap-3">
        <Button type="submit" disabled={saving}>
          {saving ? "Saving…" : editing ? "Save changes" : "Create automation"}
        </Button>
        <Link
          href={editing ? `/automations/${automation.id}` : "/automations"}
          className={buttonClasses({ variant: "secondary" })}
        >
          Cancel
        </Link>
      </div>
    </form>
  );
}
