// Automations for integration tests: made through the service, as the form and the API make
// them, and the requests that fire them, made as their senders make them.
import { createHmac } from "node:crypto";
import { POST as postWebhook } from "@/app/api/webhooks/automations/[id]/route";
import { POST as postSentry } from "@/app/api/webhooks/sentry/[id]/route";
import { createAutomation } from "@/server/automations/manage-automations";
import { automationFields } from "@/server/automations/schemas";
import { getDb } from "@/server/db";
import type { AutomationFiringStatus } from "@/server/generated/prisma/client";
import { asActor } from "../factories";

/** An automation of `owner`'s, from the form's fields (validated by the same schema). */
export async function makeAutomation(owner: { id: string; email?: string | null }, fields: Record<string, unknown>) {
  const parsed = automationFields.parse({ name: "Nightly check", instructions: "Check the build.", ...fields });
  return createAutomation(parsed, asActor(owner));
}

/** POSTs a body to a webhook automation's URL as another system would. */
export async function deliverWebhook(
  automationId: string,
  options: { key?: string | null; body?: unknown; contentType?: string },
): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { "content-type": options.contentType ?? "application/json" };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  const body = typeof options.body === "string" ? options.body : JSON.stringify(options.body ?? {});
  const response = await postWebhook(
    new Request(`http://localhost/api/webhooks/automations/${automationId}`, { method: "POST", headers, body }),
    { params: Promise.resolve({ id: automationId }) },
  );
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** POSTs a Sentry delivery, signed with `secret` as Sentry signs it (the raw body's hex HMAC-SHA256). */
export async function deliverSentry(
  automationId: string,
  options: { secret: string; resource: string; payload: unknown; timestamp?: number; signature?: string },
): Promise<{ status: number; json: Record<string, unknown> }> {
  const body = JSON.stringify(options.payload);
  const signature = options.signature ?? createHmac("sha256", options.secret).update(body).digest("hex");
  const response = await postSentry(
    new Request(`http://localhost/api/webhooks/sentry/${automationId}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "request-id": crypto.randomUUID(),
        "sentry-hook-resource": options.resource,
        "sentry-hook-timestamp": String(options.timestamp ?? Math.floor(Date.now() / 1000)),
        "sentry-hook-signature": signature,
      },
      body,
    }),
    { params: Promise.resolve({ id: automationId }) },
  );
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** The automation's firings, oldest first, with their runs. */
export function firingsOf(automationId: string) {
  return getDb().automationFiring.findMany({
    where: { automationId },
    orderBy: { createdAt: "asc" },
    include: { runs: true },
  });
}

/** Polls until the firing reaches one of `statuses`. */
export async function waitForFiring(firingId: string, statuses: AutomationFiringStatus[], timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const firing = await getDb().automationFiring.findUniqueOrThrow({
      where: { id: firingId },
      include: { runs: true },
    });
    if (statuses.includes(firing.status)) return firing;
    if (Date.now() > deadline) throw new Error(`firing ${firingId} is still ${firing.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
