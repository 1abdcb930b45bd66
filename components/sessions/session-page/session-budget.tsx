"use client";

// The session's budget under the meter: the limit in force and what is left of it; its creator
// (or an administrator) may set a lower limit of the session's own, or clear it.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { NOT_AN_AMOUNT, parseUsd, UsdField, usdText } from "@/components/budgets/usd-field";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { formatCost } from "@/lib/sessions/format-cost";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage, fieldError } from "@/lib/trpc/errors";
import type { SessionBudget } from "@/server/sessions/session-budget";

export function SessionBudgetLine({
  sessionId,
  budget,
  costUsd,
}: {
  sessionId: string;
  budget: SessionBudget;
  costUsd: number;
}) {
  const [isEditing, setEditing] = useState(false);
  return (
    <div className="flex flex-col gap-2 text-xs text-muted">
      <p className="flex flex-wrap items-center gap-x-2" data-testid="session-budget">
        <span>{budgetText(budget, costUsd)}</span>
        {budget.canChange && !isEditing ? (
          <button type="button" className="underline hover:text-foreground" onClick={() => setEditing(true)}>
            {budget.ownLimitUsd === null ? "Set a limit" : "Change the limit"}
          </button>
        ) : null}
      </p>
      {isEditing ? <BudgetForm sessionId={sessionId} budget={budget} onDone={() => setEditing(false)} /> : null}
    </div>
  );
}

function budgetText(budget: SessionBudget, costUsd: number): string {
  if (budget.limitUsd === null) return "No limit on this session's model calls.";
  const whose = budget.limitUsd === budget.ownLimitUsd ? "set on this session" : "every session's";
  const left = Math.max(0, budget.limitUsd - costUsd);
  return left === 0
    ? `Limit ${formatCost(budget.limitUsd)} (${whose}) reached: raise it to go on.`
    : `Limit ${formatCost(budget.limitUsd)} (${whose}), ${formatCost(left)} left.`;
}

function BudgetForm({ sessionId, budget, onDone }: { sessionId: string; budget: SessionBudget; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState(usdText(budget.ownLimitUsd));
  const [typingError, setTypingError] = useState<string>();
  const save = useMutation(
    trpc.session.setBudget.mutationOptions({
      onSuccess: (next) => {
        queryClient.setQueryData(trpc.session.get.queryKey({ sessionId }), (current) =>
          current ? { ...current, budget: next } : current,
        );
        toast({ title: next.ownLimitUsd === null ? "Limit cleared" : "Limit saved", variant: "success" });
        onDone();
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const budgetUsd = parseUsd(text);
    if (Number.isNaN(budgetUsd)) return setTypingError(NOT_AN_AMOUNT);
    setTypingError(undefined);
    save.mutate({ sessionId, budgetUsd });
  };
  const error =
    typingError ?? fieldError(save.error, "budgetUsd") ?? (save.error ? errorMessage(save.error) : undefined);
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-2" aria-label="Limit this session">
      <UsdField
        id="session-budget"
        label="This session's limit"
        value={text}
        onChange={setText}
        error={error}
        hint={
          budget.sessionLimitUsd === null
            ? "What this session's model calls may cost in all. Empty: no limit of its own."
            : `Lower than the ${formatCost(budget.sessionLimitUsd)} every session has. Empty: that limit alone.`
        }
      />
      <div className="flex gap-2 pb-6">
        <Button type="submit" size="sm" disabled={save.isPending}>
          Save
        </Button>
        <Button variant="ghost" size="sm" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
