"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { type LinkState, linkSlackAccountAction } from "@/server/integrations/slack/link-actions";

export function SlackLinkForm({ token }: { token: string }) {
  const [state, action, isPending] = useActionState(linkSlackAccountAction.bind(null, token), {} as LinkState);
  return (
    <form action={action} className="flex flex-col gap-3">
      {state.message ? (
        <p role="alert" className="text-sm text-danger">
          {state.message}
        </p>
      ) : null}
      <Button type="submit" disabled={isPending}>
        {isPending ? "Linking…" : "Link this Slack account to me"}
      </Button>
    </form>
  );
}
