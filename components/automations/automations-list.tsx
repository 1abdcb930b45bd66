"use client";

// The Automations page: each automation with its status, its trigger in words, its next run and
// its last ten runs as ticks, and a menu to run, pause, edit or delete it.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import { AutomationMenu } from "./automation-actions";
import { AutomationStatusBadge, FiringTicks } from "./automation-status";

export function AutomationsList() {
  const trpc = useTRPC();
  const automations = useQuery(trpc.automation.list.queryOptions(undefined, { refetchInterval: 15_000 }));
  return (
    <div className="flex flex-col gap-6">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold">Automations</h1>
          <p className="text-sm text-muted">
            Prompts that run by themselves: on a schedule, when another system calls a webhook, or on a Sentry alert.
          </p>
        </div>
        <Link href="/automations/new" className={buttonClasses()}>
          New automation
        </Link>
      </div>
      {automations.isPending ? <p className="text-sm text-muted">Loading automations…</p> : null}
      {automations.isError ? <p className="text-sm text-danger">{errorMessage(automations.error)}</p> : null}
      {automations.data?.length === 0 ? (
        <p className="rounded-md border border-dashed border-border p-6 text-center text-sm text-muted">
          No automations yet. Create one to run a prompt every morning, or whenever your deploys fail.
        </p>
      ) : null}
      {automations.data && automations.data.length > 0 ? (
        <table className="w-full text-sm">
          <thead className="text-left text-xs text-muted">
            <tr>
              <th className="py-2 font-medium">Name</th>
              <th className="py-2 font-medium">Status</th>
              <th className="py-2 font-medium">Trigger</th>
              <th className="py-2 font-medium">Next run</th>
              <th className="py-2 font-medium">Last runs</th>
              <th className="py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border border-t border-border">
            {automations.data.map((automation) => (
              <tr key={automation.id}>
                <td className="py-3 pr-3">
                  <Link href={`/automations/${automation.id}`} className="font-medium hover:underline">
                    {automation.name}
                  </Link>
                  <div className="text-xs text-muted">{automation.targets.map((t) => t.fullName).join(", ")}</div>
                </td>
                <td className="py-3 pr-3">
                  <AutomationStatusBadge automation={automation} />
                </td>
                <td className="py-3 pr-3 text-muted">{automation.triggerText}</td>
                <td className="py-3 pr-3 text-muted">
                  {automation.nextRunAt ? <RelativeTime date={automation.nextRunAt} /> : "—"}
                </td>
                <td className="py-3 pr-3">
                  <FiringTicks firings={automation.recentFirings} />
                </td>
                <td className="py-3 text-right">
                  <AutomationMenu automation={automation} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
