"use client";

// One automation's page: its status and why it paused, what it runs and where, how to wire its
// trigger, the buttons to run, pause, resume, edit or delete it, and its run history.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import { DeleteAutomationDialog, useAutomationActions } from "./automation-actions";
import { AutomationStatusBadge } from "./automation-status";
import { FiringHistory } from "./firing-history";
import { TriggerSetup } from "./trigger-setup";

export function AutomationDetail({ automationId }: { automationId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const automation = useQuery(trpc.automation.get.queryOptions({ automationId }, { refetchInterval: 15_000 }));
  const { runNow, setEnabled, remove } = useAutomationActions();
  const [confirming, setConfirming] = useState(false);
  if (automation.isPending) return <p className="text-sm text-muted">Loading the automation…</p>;
  if (automation.isError) return <p className="text-sm text-danger">{errorMessage(automation.error)}</p>;
  const view = automation.data;
  const paused = view.status === "paused";
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="flex flex-col gap-1">
          <Link href="/automations" className="text-xs text-muted hover:underline">
            ← Automations
          </Link>
          <h1 className="flex items-center gap-3 text-xl font-semibold">
            {view.name} <AutomationStatusBadge automation={view} />
          </h1>
          <p className="text-sm text-muted">
            {view.triggerText}
            {view.nextRunAt ? (
              <>
                {" "}
                · next run <RelativeTime date={view.nextRunAt} />
              </>
            ) : null}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button onClick={() => runNow.mutate({ automationId })} disabled={runNow.isPending}>
            {runNow.isPending ? "Starting…" : "Run now"}
          </Button>
          <Button
            variant="secondary"
            onClick={() => setEnabled.mutate({ automationId, enabled: paused })}
            disabled={setEnabled.isPending}
          >
            {paused ? "Resume" : "Pause"}
          </Button>
          <Link href={`/automations/${automationId}/edit`} className={buttonClasses({ variant: "secondary" })}>
            Edit
          </Link>
          <Button variant="ghost" onClick={() => setConfirming(true)}>
            Delete…
          </Button>
        </div>
      </div>
      {view.pausedReason ? (
        <p role="status" className="rounded-md border border-warning/50 bg-warning/10 p-3 text-sm">
          {view.pausedReason}
        </p>
      ) : null}
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="text-muted">Runs as</dt>
        <dd>{view.owner.name ?? "its owner"}</dd>
        <dt className="text-muted">Repositories</dt>
        <dd>{view.targets.map((t) => `${t.fullName}${t.branch ? ` (${t.branch})` : ""}`).join(", ")}</dd>
        <dt className="text-muted">Model</dt>
        <dd>
          {view.model ?? "each repository's default"}
          {view.reasoningEffort ? `, ${view.reasoningEffort} effort` : ""}
        </dd>
        <dt className="text-muted">Notifies</dt>
        <dd className="break-all">{view.notifyUrl ?? "nobody"}</dd>
        <dt className="text-muted">Posts to Slack</dt>
        <dd>{view.slackChannel ?? "nowhere"}</dd>
        <dt className="text-muted">Instructions</dt>
        <dd className="whitespace-pre-wrap">{view.instructions}</dd>
      </dl>
      <TriggerSetup automation={view} />
      <FiringHistory automationId={automationId} />
      <DeleteAutomationDialog
        automation={view}
        open={confirming}
        onOpenChange={setConfirming}
        isPending={remove.isPending}
        onConfirm={() =>
          remove.mutate(
            { automationId },
            {
              onSuccess: () => {
                toast({ title: `Deleted ${view.name}`, variant: "success" });
                router.push("/automations");
              },
              onSettled: () => setConfirming(false),
            },
          )
        }
      />
    </div>
  );
}
