"use client";

// How to wire the trigger up: the webhook's URL with a curl example and a new key on demand, or
// the Sentry integration's exact settings.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import type { AutomationView } from "@/server/automations/automation-views";

export function TriggerSetup({ automation }: { automation: AutomationView }) {
  const { trigger } = automation;
  if (trigger.type === "schedule") return null;
  return (
    <section className="flex flex-col gap-3 rounded-md border border-border p-4 text-sm" aria-labelledby="setup-title">
      <h2 id="setup-title" className="font-medium">
        {trigger.type === "webhook" ? "Calling the webhook" : "Setting up Sentry"}
      </h2>
      {trigger.type === "webhook" ? (
        <WebhookSetup automationId={automation.id} url={trigger.url} />
      ) : (
        <SentrySetup url={trigger.url} />
      )}
    </section>
  );
}

function WebhookSetup({ automationId, url }: { automationId: string; url: string }) {
  const trpc = useTRPC();
  const [key, setKey] = useState<string | null>(null);
  const regenerate = useMutation(
    trpc.automation.regenerateSecret.mutationOptions({
      onSuccess: (secrets) => setKey(secrets.webhookKey ?? null),
      onError: (error) => toast({ title: "No new key", description: errorMessage(error), variant: "error" }),
    }),
  );
  const example = [
    `curl -X POST ${url} \\`,
    `  -H "Authorization: Bearer ${key ?? "<key>"}" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '{"status": "failed", "service": "api", "idempotencyKey": "deploy-812"}'`,
  ].join("\n");
  return (
    <>
      <p>
        POST JSON (at most 64 KB) to <code className="break-all font-mono text-xs">{url}</code> with the key made when
        it was created. An <code className="font-mono text-xs">idempotencyKey</code> in the body makes a retried
        delivery fire once.
      </p>
      <pre className="overflow-x-auto rounded bg-surface p-3 font-mono text-xs">{example}</pre>
      {key ? (
        <p role="status" className="rounded-md border border-success/50 bg-success/10 p-2">
          New key, shown this once: <code className="break-all font-mono text-xs">{key}</code>. The old one no longer
          works.
        </p>
      ) : null}
      <div>
        <Button
          variant="secondary"
          size="sm"
          disabled={regenerate.isPending}
          onClick={() => regenerate.mutate({ automationId, which: "webhookKey" })}
        >
          Make a new key
        </Button>
      </div>
    </>
  );
}

function SentrySetup({ url }: { url: string }) {
  return (
    <ol className="list-inside list-decimal space-y-1">
      <li>
        In Sentry: Settings → Developer Settings → Custom Integrations → Create New Integration → Internal Integration.
      </li>
      <li>
        Webhook URL: <code className="break-all font-mono text-xs">{url}</code>
      </li>
      <li>
        Permissions: Issue &amp; Event — Read. Webhooks: tick issue. For issue alerts and metric alerts, turn on Alert
        Rule Action.
      </li>
      <li>Save, then paste the integration&apos;s Client Secret into this automation (Edit) if you have not yet.</li>
      <li>For alerts: in an alert rule, add the action &ldquo;Send a notification via&rdquo; this integration.</li>
    </ol>
  );
}
