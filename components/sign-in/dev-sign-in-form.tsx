"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field, fieldControlProps, Input } from "@/components/ui/input";
import { type DevSignInState, devSignInAction } from "@/server/auth/actions";

const initialState: DevSignInState = { values: { name: "", email: "" } };

/** `next`: the page to return to once signed in. */
export function DevSignInForm({ next }: { next?: string }) {
  const [state, action, isPending] = useActionState(devSignInAction, initialState);
  const nameError = state.fieldErrors?.name?.[0];
  const emailError = state.fieldErrors?.email?.[0];
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <Field label="Name" htmlFor="name" error={nameError}>
        <Input
          {...fieldControlProps("name", { error: nameError })}
          name="name"
          autoComplete="name"
          defaultValue={state.values.name}
          required
        />
      </Field>
      <Field label="Email" htmlFor="email" error={emailError}>
        <Input
          {...fieldControlProps("email", { error: emailError })}
          name="email"
          type="email"
          autoComplete="email"
          defaultValue={state.values.email}
          required
        />
      </Field>
      {state.message ? (
        <p role="alert" className="text-sm text-danger">
          {state.message}
        </p>
      ) : null}
      <Button type="submit" disabled={isPending}>
        {isPending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
