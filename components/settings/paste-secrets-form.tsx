"use client";

// A pasted .env file: Preview says which names would be added and which replaced (names only),
// and Save saves exactly the text previewed — editing it afterwards asks for a new preview. Once
// saved, the text is cleared, so no value stays on the page.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { fieldErrorId, fieldHintId } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import type { SecretPlan } from "@/server/secrets/secrets";
import type { HeadingLevel, SecretsScope } from "./secrets-manager";

type Previewed = { text: string; plan: SecretPlan };
type WithFieldErrors = { data?: { fieldErrors?: Record<string, string[]> } | null } | null;

/** Every problem the server named: a paste's wrong lines, names and limits; else its message. */
function problemsOf(error: unknown): string {
  const fields = (error as WithFieldErrors)?.data?.fieldErrors;
  const problems = fields?.text ?? fields?.secrets;
  return problems ? problems.join(" ") : errorMessage(error);
}

export function PasteSecretsForm({ scope, headingLevel }: { scope: SecretsScope; headingLevel: HeadingLevel }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState("");
  const [previewed, setPreviewed] = useState<Previewed | null>(null);
  // The pasted text is held by the mutations too: forgotten as soon as nothing shows them.
  const preview = useMutation(trpc.secret.preview.mutationOptions({ gcTime: 0 }));
  const save = useMutation(trpc.secret.save.mutationOptions({ gcTime: 0 }));
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const textId = `${id}-text`;
  const failure = save.error ?? preview.error;
  const problem = failure ? problemsOf(failure) : undefined;
  const plan = previewed && previewed.text === text ? previewed.plan : null;

  function edit(value: string) {
    setText(value);
    setPreviewed(null);
  }

  function submitPreview(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.reset();
    preview.mutate(
      { ...scope, text },
      { onSuccess: (result, input) => setPreviewed({ text: input.text, plan: result }) },
    );
  }

  function submitSave() {
    if (!previewed || previewed.text !== text) return;
    preview.reset();
    save.mutate(
      { ...scope, text: previewed.text },
      {
        onSuccess: async (result) => {
          setText("");
          setPreviewed(null);
          save.reset();
          textareaRef.current?.focus();
          toast({ title: savedTitle(result), variant: "success" });
          await queryClient.invalidateQueries({ queryKey: trpc.secret.list.queryKey(scope) });
          // A provider key among them changes which models are available.
          await queryClient.invalidateQueries({ queryKey: trpc.model.list.pathKey() });
        },
      },
    );
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="flex flex-col gap-3">
      <Heading id={`${id}-heading`} className="text-base font-medium">
        Add or replace secrets
      </Heading>
      <form onSubmit={submitPreview} className="flex flex-col gap-3" noValidate>
        <div className="flex flex-col gap-1.5">
          <label htmlFor={textId} className="text-sm font-medium text-foreground">
            Paste a .env file
          </label>
          <Textarea
            ref={textareaRef}
            id={textId}
            value={text}
            onChange={(event) => edit(event.target.value)}
            readOnly={save.isPending}
            rows={8}
            spellCheck={false}
            autoComplete="off"
            placeholder={'NPM_TOKEN=…\nexport DATABASE_URL="postgres://…"'}
            aria-invalid={problem ? true : undefined}
            aria-describedby={[fieldHintId(textId), problem ? fieldErrorId(textId) : null].filter(Boolean).join(" ")}
            className="font-mono"
          />
          {problem ? (
            <p id={fieldErrorId(textId)} role="alert" className="text-sm text-danger">
              {problem}
            </p>
          ) : null}
          <p id={fieldHintId(textId)} className="text-xs text-muted">
            KEY=value lines; comments, <code>export</code> and quotes are understood. Values are encrypted, and never
            shown again. Preview first: it lists the names only.
          </p>
        </div>
        <div>
          <Button type="submit" variant="secondary" disabled={preview.isPending || save.isPending}>
            {preview.isPending ? "Previewing…" : "Preview"}
          </Button>
        </div>
      </form>
      <div role="status" className="flex flex-col gap-3">
        {plan ? <PlanSummary plan={plan} idPrefix={id} /> : null}
      </div>
      {plan ? (
        <div>
          <Button onClick={submitSave} disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save secrets"}
          </Button>
        </div>
      ) : null}
    </section>
  );
}

function savedTitle(plan: SecretPlan): string {
  const parts = [
    plan.added.length > 0 ? `added ${plan.added.join(", ")}` : null,
    plan.replaced.length > 0 ? `replaced ${plan.replaced.join(", ")}` : null,
  ];
  return `Saved: ${parts.filter(Boolean).join("; ")}`;
}

function PlanSummary({ plan, idPrefix }: { plan: SecretPlan; idPrefix: string }) {
  const groups = [
    { id: `${idPrefix}-added`, label: "Will be added", names: plan.added },
    { id: `${idPrefix}-replaced`, label: "Will be replaced (the saved value is overwritten)", names: plan.replaced },
  ].filter((group) => group.names.length > 0);
  return (
    <div className="flex flex-col gap-3 rounded-md border border-border bg-surface p-4 text-sm">
      <p className="font-medium">
        Saving this will change{" "}
        {plan.added.length + plan.replaced.length === 1
          ? "1 secret"
          : `${plan.added.length + plan.replaced.length} secrets`}
        :
      </p>
      {groups.map((group) => (
        <div key={group.id} className="flex flex-col gap-1">
          <p id={group.id} className="text-muted">
            {group.label}
          </p>
          <ul aria-labelledby={group.id} className="flex flex-wrap gap-2">
            {group.names.map((name) => (
              <li key={name} className="rounded bg-surface-raised px-2 py-0.5 font-mono text-xs">
                {name}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
