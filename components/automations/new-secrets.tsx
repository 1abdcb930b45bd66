"use client";

// After saving: a new webhook key or notification secret, shown this once.
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import type { NewSecrets } from "@/server/automations/manage-automations";

export function NewSecretsPanel({ automationId, secrets }: { automationId: string; secrets: NewSecrets }) {
  return (
    <div
      role="status"
      className="flex max-w-3xl flex-col gap-4 rounded-md border border-success/50 bg-success/10 p-4 text-sm"
    >
      <p className="font-medium">Saved. Copy these now: they are not shown again.</p>
      {secrets.webhookKey ? (
        <Secret label="Webhook key (send it as Authorization: Bearer <key>)" value={secrets.webhookKey} />
      ) : null}
      {secrets.notifySecret ? (
        <Secret label="Notification signing secret (checks X-Nightshift-Signature)" value={secrets.notifySecret} />
      ) : null}
      <div>
        <Link href={`/automations/${automationId}`} className={buttonClasses()}>
          Go to the automation
        </Link>
      </div>
    </div>
  );
}

function Secret({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex flex-col gap-1">
      <span className="text-xs text-muted">{label}</span>
      <code className="break-all rounded bg-surface px-2 py-1 font-mono text-xs">{value}</code>
    </div>
  );
}
