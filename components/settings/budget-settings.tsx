"use client";

// The administrators' budgets for model calls, on the settings page: per session, and per person
// per day and per month. Everyone sees them; administrators change them. docs/security.md#budgets.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { NOT_AN_AMOUNT, parseUsd, UsdField, usdText } from "@/components/budgets/usd-field";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage, fieldError } from "@/lib/trpc/errors";
import type { InstanceSettingsView } from "@/server/settings/instance-settings";

const FIELDS = [
  {
    name: "sessionBudgetUsd",
    label: "Per session",
    hint: "What one session's model calls may cost in all. Its creator may set a lower limit on it.",
  },
  {
    name: "personDailyBudgetUsd",
    label: "Per person, per day",
    hint: "What the calls serving one person's prompts may cost in a day (UTC), across their sessions.",
  },
  {
    name: "personMonthlyBudgetUsd",
    label: "Per person, per month",
    hint: "The same, in a calendar month (UTC). Each repository's own monthly limit is in its settings.",
  },
] as const;

type FieldName = (typeof FIELDS)[number]["name"];

export function BudgetSettings({ view }: { view: InstanceSettingsView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [texts, setTexts] = useState<Record<FieldName, string>>(() => ({
    sessionBudgetUsd: usdText(view.settings.sessionBudgetUsd),
    personDailyBudgetUsd: usdText(view.settings.personDailyBudgetUsd),
    personMonthlyBudgetUsd: usdText(view.settings.personMonthlyBudgetUsd),
  }));
  const [typingErrors, setTypingErrors] = useState<Partial<Record<FieldName, string>>>({});
  const update = useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: (next) => {
        queryClient.setQueryData(trpc.settings.get.queryKey(), next);
        toast({ title: "Budgets saved", variant: "success" });
      },
      onError: (error) => toast({ title: "Could not save", description: errorMessage(error), variant: "error" }),
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const amounts = Object.fromEntries(FIELDS.map(({ name }) => [name, parseUsd(texts[name])])) as Record<
      FieldName,
      number | null
    >;
    const wrong = Object.fromEntries(
      FIELDS.filter(({ name }) => Number.isNaN(amounts[name])).map(({ name }) => [name, NOT_AN_AMOUNT]),
    );
    setTypingErrors(wrong);
    if (Object.keys(wrong).length === 0) update.mutate(amounts);
  };

  return (
    <section aria-labelledby="budgets-heading" className="flex flex-col gap-3">
      <h2 id="budgets-heading" className="text-lg font-medium">
        Budgets
      </h2>
      <p className="text-sm text-muted">
        Limits on what model calls may cost, in US dollars at list prices. When one is reached, the model gateway
        refuses further calls and the prompt stops, saying which limit; raising it lets the next prompt run. Empty: no
        limit.
      </p>
      <form onSubmit={submit} className="flex flex-col gap-4" aria-label="Budgets">
        {FIELDS.map(({ name, label, hint }) => (
          <UsdField
            key={name}
            id={name}
            label={label}
            hint={hint}
            value={texts[name]}
            onChange={(value) => setTexts((current) => ({ ...current, [name]: value }))}
            error={typingErrors[name] ?? fieldError(update.error, name)}
            disabled={!view.canChange || update.isPending}
          />
        ))}
        {view.canChange ? (
          <div>
            <Button type="submit" disabled={update.isPending}>
              Save budgets
            </Button>
          </div>
        ) : (
          <p className="text-sm text-muted">Only administrators change the budgets.</p>
        )}
      </form>
    </section>
  );
}
