"use client";

import { useQuery } from "@tanstack/react-query";
import { use } from "react";
import { AutomationForm } from "@/components/automations/automation-form";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";

export default function EditAutomationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = use(params);
  const trpc = useTRPC();
  const automation = useQuery(trpc.automation.get.queryOptions({ automationId: id }));
  if (automation.isPending) return <p className="text-sm text-muted">Loading the automation…</p>;
  if (automation.isError) return <p className="text-sm text-danger">{errorMessage(automation.error)}</p>;
  return <AutomationForm automation={automation.data} />;
}
