"use client";

// A Sentry automation's settings: the internal integration's client secret (write-only: it is
// sealed, and never shown again), and which projects and levels fire it.
import { Field, fieldControlProps, Input } from "@/components/ui/input";
import { SENTRY_LEVELS } from "@/server/automations/schemas";

export type SentryState = { clientSecret: string; projects: string; levels: string[] };

export function SentryFields({
  value,
  onChange,
  error,
  hasSecret,
}: {
  value: SentryState;
  onChange: (next: SentryState) => void;
  error?: string;
  hasSecret: boolean;
}) {
  const set = (change: Partial<SentryState>) => onChange({ ...value, ...change });
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-muted">
        A new Sentry issue, an issue alert or a critical metric alert fires it, each once. The webhook URL to give
        Sentry is shown once it is saved, with the steps.
      </p>
      <Field
        label="Client secret"
        htmlFor="sentry-secret"
        hint={
          hasSecret
            ? "Saved and sealed; paste a new one to replace it."
            : "From the internal integration's page in Sentry."
        }
        error={error}
      >
        <Input
          {...fieldControlProps("sentry-secret", { hint: true, error })}
          type="password"
          autoComplete="off"
          value={value.clientSecret}
          onChange={(event) => set({ clientSecret: event.target.value })}
        />
      </Field>
      <Field
        label="Projects (optional)"
        htmlFor="sentry-projects"
        hint="Project slugs, separated by commas; none: every project."
      >
        <Input
          {...fieldControlProps("sentry-projects", { hint: true })}
          value={value.projects}
          placeholder="checkout, billing"
          onChange={(event) => set({ projects: event.target.value })}
        />
      </Field>
      <fieldset className="flex flex-col gap-1">
        <legend className="text-sm font-medium">Levels (optional; none: every level)</legend>
        <div className="flex flex-wrap gap-4 text-sm">
          {SENTRY_LEVELS.map((level) => (
            <label key={level} className="flex items-center gap-1.5">
              <input
                type="checkbox"
                checked={value.levels.includes(level)}
                onChange={(event) =>
                  set({
                    levels: event.target.checked ? [...value.levels, level] : value.levels.filter((l) => l !== level),
                  })
                }
              />
              {level}
            </label>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
