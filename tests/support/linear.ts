// The fake Linear API for a test file (tests/fixtures/linear/fake-linear.ts), the LINEAR_*
// variables that point Nightshift at it (read lazily, on first use in the file; restored
// afterwards), the agent installed in its workspace, and webhook deliveries to the route, signed
// as Linear signs them.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { POST as postWebhook } from "@/app/api/webhooks/linear/route";
import { getDb } from "@/server/db";
import { sealValue } from "@/server/secrets/secrets";
import { type FakeLinear, type FakeLinearOptions, startFakeLinear } from "../fixtures/linear/fake-linear";
import {
  type AgentSessionEventInput,
  agentSessionEventPayload,
  linearWebhookHeaders,
} from "../fixtures/linear/webhooks";

const VARIABLES = [
  "LINEAR_CLIENT_ID",
  "LINEAR_CLIENT_SECRET",
  "LINEAR_WEBHOOK_SECRET",
  "LINEAR_API_URL",
  "LINEAR_AUTHORIZE_URL",
] as const;

export function withFakeLinear(options: FakeLinearOptions = {}): { readonly linear: FakeLinear } {
  let linear: FakeLinear;
  const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
  beforeAll(async () => {
    linear = await startFakeLinear(options);
    Object.assign(process.env, {
      LINEAR_CLIENT_ID: linear.clientId,
      LINEAR_CLIENT_SECRET: linear.clientSecret,
      LINEAR_WEBHOOK_SECRET: linear.webhookSecret,
      LINEAR_API_URL: linear.url,
      LINEAR_AUTHORIZE_URL: linear.authorizeUrl,
    });
  });
  afterAll(async () => {
    await linear?.close();
    for (const name of VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });
  return {
    get linear() {
      return linear;
    },
  };
}

/** The agent installed in the fake's workspace, with the token pair its install left. */
export async function installInFakeLinear(linear: FakeLinear): Promise<void> {
  const tokens = {
    sealedAccessToken: sealValue(linear.accessToken),
    sealedRefreshToken: sealValue(linear.refreshToken),
    accessTokenExpiresAt: new Date(Date.now() + 24 * 3600 * 1000),
  };
  await getDb().linearInstallation.upsert({
    where: { organizationId: linear.organization.id },
    create: {
      organizationId: linear.organization.id,
      organizationName: linear.organization.name,
      appUserId: linear.appUser.id,
      scopes: "read,write,app:assignable,app:mentionable",
      ...tokens,
    },
    update: tokens,
  });
}

export type LinearDelivery = { status: number; json: Record<string, unknown>; deliveryId: string; body: string };

/** POSTs a body to /api/webhooks/linear as Linear would; `signature` (null: none) and `deliveryId` to forge or repeat one. */
export async function deliverLinear(
  linear: FakeLinear,
  body: string,
  options: { deliveryId?: string; signature?: string | null } = {},
): Promise<LinearDelivery> {
  const deliveryId = options.deliveryId ?? randomUUID();
  const headers: Record<string, string> = linearWebhookHeaders(body, linear.webhookSecret, deliveryId);
  if (options.signature === null) delete headers["linear-signature"];
  else if (options.signature !== undefined) headers["linear-signature"] = options.signature;
  const response = await postWebhook(
    new Request("http://localhost/api/webhooks/linear", { method: "POST", headers, body }),
  );
  return { status: response.status, json: (await response.json()) as Record<string, unknown>, deliveryId, body };
}

/** An AgentSessionEvent as Linear sends it, delivered. */
export function sendAgentEvent(linear: FakeLinear, input: AgentSessionEventInput, deliveryId?: string) {
  return deliverLinear(linear, JSON.stringify(agentSessionEventPayload(linear, input)), { deliveryId });
}
