"use client";

import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

export type InputProps = ComponentProps<"input">;

/** The look shared by every text control (Input, Textarea): border, focus ring, disabled and invalid states. */
export const textControlClasses = cn(
  "w-full rounded-md border border-border bg-background px-3 text-sm text-foreground shadow-sm transition-colors",
  "placeholder:text-muted",
  "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-1 focus-visible:ring-offset-background",
  "disabled:cursor-not-allowed disabled:opacity-50",
  "aria-[invalid=true]:border-danger",
);

/**
 * Text input. Accepts every native input prop (including `ref`, `aria-invalid`, `aria-describedby`).
 * Inside a `Field`, spread `fieldControlProps(htmlFor, { hint, error })` onto it to wire up ids.
 */
export function Input({ className, type = "text", ...props }: InputProps) {
  return <input type={type} className={cn(textControlClasses, "flex h-9 py-1", className)} {...props} />;
}

/** Id of the hint element rendered by `Field`. */
export function fieldHintId(htmlFor: string): string {
  return `${htmlFor}-hint`;
}

/** Id of the error element rendered by `Field`. */
export function fieldErrorId(htmlFor: string): string {
  return `${htmlFor}-error`;
}

export type FieldControlProps = {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
};

/**
 * Props to spread on the control inside a `Field` so it is labelled and described correctly:
 * `<Input {...fieldControlProps("email", { hint, error })} />`.
 */
export function fieldControlProps(
  htmlFor: string,
  { hint, error }: { hint?: ReactNode; error?: ReactNode } = {},
): FieldControlProps {
  const describedBy = [hint ? fieldHintId(htmlFor) : null, error ? fieldErrorId(htmlFor) : null].filter(Boolean);
  return {
    id: htmlFor,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy.length > 0 ? describedBy.join(" ") : undefined,
  };
}

export type FieldProps = {
  label: ReactNode;
  htmlFor: string;
  hint?: ReactNode;
  error?: ReactNode;
  className?: string;
  children: ReactNode;
};

/** Label + control + optional hint + optional error. The control must have `id={htmlFor}` (see `fieldControlProps`). */
export function Field({ label, htmlFor, hint, error, className, children }: FieldProps) {
  return (
    <div className={cn("flex flex-col gap-1.5", className)}>
      <label htmlFor={htmlFor} className="text-sm font-medium text-foreground">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={fieldHintId(htmlFor)} className="text-xs text-muted">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={fieldErrorId(htmlFor)} className="text-xs text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
