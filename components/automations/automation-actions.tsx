"use client";

// What a person does to an automation from its row or its page: run it now, pause or resume it,
// edit it, delete it (after confirming). Every change refreshes whatever shows automations.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { buttonClasses } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Menu, MenuContent, MenuItem, MenuSeparator, MenuTrigger } from "@/components/ui/menu";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import type { AutomationView } from "@/server/automations/automation-views";

type Target = Pick<AutomationView, "id" | "name" | "status">;

export function useAutomationActions() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.automation.pathKey() });
  const failed = (title: string) => (error: unknown) =>
    toast({ title, description: errorMessage(error), variant: "error" });
  const runNow = useMutation(
    trpc.automation.runNow.mutationOptions({
      onSuccess: (result) =>
        toast(
          result.status === "fired"
            ? { title: "Running now", description: "Its run is in the history below.", variant: "success" }
            : { title: "Not run", description: result.reason },
        ),
      onError: failed("Could not run it"),
      onSettled: refresh,
    }),
  );
  const setEnabled = useMutation(
    trpc.automation.setEnabled.mutationOptions({
      onSuccess: (_, { enabled }) => toast({ title: enabled ? "Resumed" : "Paused", variant: "success" }),
      onError: failed("Could not change it"),
      onSettled: refresh,
    }),
  );
  const remove = useMutation(
    trpc.automation.delete.mutationOptions({
      onError: failed("Could not delete it"),
      onSettled: refresh,
    }),
  );
  return { runNow, setEnabled, remove };
}

/** The row's ⋯ menu: Run now, Pause or Resume, Edit, Delete. */
export function AutomationMenu({ automation, onDeleted }: { automation: Target; onDeleted?: () => void }) {
  const { runNow, setEnabled, remove } = useAutomationActions();
  const [confirming, setConfirming] = useState(false);
  const paused = automation.status === "paused";
  return (
    <>
      <Menu>
        <MenuTrigger
          className={buttonClasses({ variant: "ghost", size: "sm" })}
          aria-label={`Actions for ${automation.name}`}
        >
          ⋯
        </MenuTrigger>
        <MenuContent>
          <MenuItem onSelect={() => runNow.mutate({ automationId: automation.id })}>Run now</MenuItem>
          <MenuItem onSelect={() => setEnabled.mutate({ automationId: automation.id, enabled: paused })}>
            {paused ? "Resume" : "Pause"}
          </MenuItem>
          <MenuItem asChild>
            <Link href={`/automations/${automation.id}/edit`}>Edit</Link>
          </MenuItem>
          <MenuSeparator />
          <MenuItem destructive onSelect={() => setConfirming(true)}>
            Delete…
          </MenuItem>
        </MenuContent>
      </Menu>
      <DeleteAutomationDialog
        automation={automation}
        open={confirming}
        onOpenChange={setConfirming}
        isPending={remove.isPending}
        onConfirm={() =>
          remove.mutate(
            { automationId: automation.id },
            {
              onSuccess: () => {
                toast({ title: `Deleted ${automation.name}`, variant: "success" });
                onDeleted?.();
              },
              onSettled: () => setConfirming(false),
            },
          )
        }
      />
    </>
  );
}

export function DeleteAutomationDialog(props: {
  automation: Target;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  isPending: boolean;
  onConfirm: () => void;
}) {
  return (
    <ConfirmDialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title={`Delete ${props.automation.name}?`}
      description="It stops running, and its history is deleted with it. The sessions it opened stay. This cannot be undone."
      confirmLabel="Delete"
      destructive
      isPending={props.isPending}
      onConfirm={props.onConfirm}
    />
  );
}
