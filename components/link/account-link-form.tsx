"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import type { LinkedAccountKind } from "@/server/generated/prisma/enums";
import { type LinkState, linkAccountAction } from "@/server/integrations/link-actions";

export function AccountLinkForm({ kind, token, label }: { kind: LinkedAccountKind; token: string; label: string }) {
  const [state, action, isPending] = useActionState(linkAccountAction.bind(null, kind, token), {} as LinkState);
  return (
    <form action={action} className="flex flex-col gap-3">
      {state.message ? (
        <p role="alert" className="text-sm text-danger">
          {state.message}
        </p>
      ) : null}
      <Button type="submit" disabled={isPending}>
        {isPending ? "Linking…" : label}
      </Button>
    </form>
  );
}
