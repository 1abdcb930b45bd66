"use client";

// An amount in US dollars, typed as people write it ("5", "0.50", "$12"): empty means none (no
// limit, or an unknown price). The server checks the amount itself; this only reads the text.
import { Field, fieldControlProps, Input } from "@/components/ui/input";

/** The typed text as dollars: null when empty, NaN when it is not an amount. */
export function parseUsd(text: string): number | null {
  const trimmed = text.trim().replace(/^\$/, "").replaceAll(",", "");
  if (trimmed === "") return null;
  return /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** Dollars as the field shows them: "" for none. */
export function usdText(usd: number | null): string {
  return usd === null ? "" : String(usd);
}

export const NOT_AN_AMOUNT = "Enter an amount in US dollars, like 5 or 0.50, or leave it empty.";

export function UsdField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  error?: string;
  disabled?: boolean;
  placeholder?: string;
}) {
  const { id, label, value, onChange, hint, error, disabled, placeholder } = props;
  return (
    <Field label={label} htmlFor={id} hint={hint} error={error}>
      <div className="flex items-center gap-1.5">
        <span aria-hidden className="text-sm text-muted">
          $
        </span>
        <Input
          {...fieldControlProps(id, { hint, error })}
          inputMode="decimal"
          autoComplete="off"
          className="max-w-40"
          value={value}
          placeholder={placeholder ?? "No limit"}
          disabled={disabled}
          onChange={(event) => onChange(event.target.value)}
        />
      </div>
    </Field>
  );
}
