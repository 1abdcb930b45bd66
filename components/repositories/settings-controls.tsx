"use client";

// The controls of the repository settings form (./repository-settings-form.tsx): native
// elements, each labelled, with its hint and error tied to it for screen readers.
import type { ReactNode } from "react";
import { Field, fieldControlProps, Input } from "@/components/ui/input";

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="flex flex-col gap-4">
      <legend className="mb-2 text-base font-medium">{title}</legend>
      {children}
    </fieldset>
  );
}

export function Checkbox({
  id,
  checked,
  onChange,
  label,
  hint,
}: {
  id: string;
  checked: boolean;
  onChange: (value: boolean) => void;
  label: string;
  hint?: string;
}) {
  return (
    <div className="flex flex-col gap-1">
      <div className="flex items-center gap-2 text-sm">
        <input
          id={id}
          type="checkbox"
          className="size-4 accent-current"
          checked={checked}
          aria-describedby={hint ? `${id}-hint` : undefined}
          onChange={(event) => onChange(event.target.checked)}
        />
        <label htmlFor={id}>{label}</label>
      </div>
      {hint ? (
        <p id={`${id}-hint`} className="pl-6 text-xs text-muted">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

type SecondsFieldProps = {
  id: string;
  label: string;
  script: string;
  range: { min: number; max: number };
  defaultSeconds: number;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
};

/** A time limit in seconds; empty means Nightshift's default. A text field, so whatever is typed reaches the check and its message. */
export function SecondsField({ id, label, script, range, defaultSeconds, value, error, onChange }: SecondsFieldProps) {
  const hint = `How long ${script} may run: ${range.min} to ${range.max.toLocaleString("en-US")} seconds. Empty: ${defaultSeconds}.`;
  return (
    <Field label={label} htmlFor={id} hint={hint} error={error}>
      <Input
        {...fieldControlProps(id, { hint, error })}
        inputMode="numeric"
        autoComplete="off"
        className="w-32"
        placeholder={String(defaultSeconds)}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </Field>
  );
}
