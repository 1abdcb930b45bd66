"use client";

import type { KeyboardEvent } from "react";
import { Field, fieldControlProps } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { MAX_PROMPT_LENGTH } from "@/server/sessions/schemas";

// The counter appears near the limit, where it starts to matter.
const COUNTER_FROM = Math.floor(MAX_PROMPT_LENGTH * 0.9);

type PromptFieldProps = { value: string; onChange: (value: string) => void; onSubmit: () => void; error?: string };

export function PromptField({ value, onChange, onSubmit, error }: PromptFieldProps) {
  const isNearLimit = value.length >= COUNTER_FROM;
  function submitOnModEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      onSubmit();
    }
  }
  return (
    <Field
      label="Prompt"
      htmlFor="session-prompt"
      hint="What should the agent do? Ctrl+Enter (⌘+Enter) starts the session."
      error={error}
    >
      <Textarea
        {...fieldControlProps("session-prompt", { hint: true, error })}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={submitOnModEnter}
        rows={8}
        required
        aria-required
        placeholder="Fix the flaky test in tests/parser.test.ts and explain what caused it."
      />
      {isNearLimit ? (
        <p className={value.length > MAX_PROMPT_LENGTH ? "text-xs text-danger" : "text-xs text-muted"}>
          {value.length.toLocaleString("en")} / {MAX_PROMPT_LENGTH.toLocaleString("en")} characters
        </p>
      ) : null}
    </Field>
  );
}
