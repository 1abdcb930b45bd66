"use client";

// A repository's default model and reasoning effort (part of ./repository-settings-form.tsx). The
// choices come from the model list, which arrives after the saved settings: until it does, both
// controls show the saved values and say they are loading, rather than silently taking no input.
import { useQuery } from "@tanstack/react-query";
import { Field, fieldControlProps, textControlClasses } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import { effortsOf, offeredEffort } from "@/server/models/efforts";

/** Empty strings: Nightshift's default model, the model's own effort. */
export type DefaultModelChoice = { defaultModel: string; defaultReasoningEffort: string };

export function DefaultModelFields({
  repositoryId,
  value,
  onChange,
}: {
  repositoryId: string;
  value: DefaultModelChoice;
  onChange: (value: DefaultModelChoice) => void;
}) {
  const trpc = useTRPC();
  // The repository's own secrets may hold a provider key: its models are available here.
  const models = useQuery(trpc.model.list.queryOptions({ repositoryId }));
  const { defaultModel: model, defaultReasoningEffort: effort } = value;
  const effortsWith = (chosen: string) => effortsOf(models.data?.models, chosen || models.data?.defaultModel);
  const efforts = effortsWith(model);
  const isLoaded = models.data !== undefined;
  const failed = models.isError ? `Could not load the models: ${errorMessage(models.error)}` : undefined;
  const modelHint = isLoaded ? "For sessions that do not choose one." : (failed ?? "Loading the models…");
  const noEfforts = efforts.length === 0 ? "The default model has no reasoning effort to choose." : undefined;
  const effortHint = isLoaded ? noEfforts : (failed ?? "Loading the efforts each model offers…");

  return (
    <>
      <Field label="Default model" htmlFor="default-model" hint={modelHint}>
        <select
          {...fieldControlProps("default-model", { hint: modelHint })}
          className={cn(textControlClasses, "h-9")}
          value={model}
          disabled={!isLoaded}
          aria-busy={models.isPending}
          // The default effort carries over to the new default model only when that model offers it.
          onChange={(event) =>
            onChange({
              defaultModel: event.target.value,
              defaultReasoningEffort: offeredEffort(effortsWith(event.target.value), effort)?.id ?? "",
            })
          }
        >
          <option value="">
            Nightshift&rsquo;s default{models.data?.defaultModel ? ` (${models.data.defaultModel})` : ""}
          </option>
          {(models.data?.models ?? []).map((option) => (
            <option
              key={option.id}
              value={option.id}
              disabled={!option.available && option.id !== model}
              title={option.unavailableReason ?? undefined}
            >
              {option.id}
              {option.available ? "" : " (no key)"}
            </option>
          ))}
          {model && !isLoaded ? <option value={model}>{model}</option> : null}
        </select>
      </Field>
      <Field label="Default reasoning effort" htmlFor="default-effort" hint={effortHint}>
        <select
          {...fieldControlProps("default-effort", { hint: effortHint })}
          className={cn(textControlClasses, "h-9")}
          value={effort}
          disabled={!isLoaded}
          aria-busy={models.isPending}
          onChange={(event) => onChange({ ...value, defaultReasoningEffort: event.target.value })}
        >
          <option value="">The model&rsquo;s own</option>
          {efforts.map((option) => (
            <option key={option.id} value={option.id} title={option.description}>
              {option.label}
            </option>
          ))}
          {effort && !offeredEffort(efforts, effort) ? (
            <option value={effort}>{isLoaded ? `${effort} (not offered by this model)` : effort}</option>
          ) : null}
        </select>
      </Field>
    </>
  );
}
