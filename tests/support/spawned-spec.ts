// What a session's sandbox is handed when it starts: a pending sandbox is started the way dispatch
// starts one, through a provider that only records the spec (the real local provider is driven in
// tests/integration/loop).
import { expect } from "vitest";
import { getDb } from "@/server/db";
import type { SandboxProvider, SandboxSpec } from "@/server/sandboxes/provider";
import { spawnSandbox } from "@/server/sandboxes/spawn-sandbox";
import { randomKey } from "../factories";

export async function spawnedSpecFor(sessionId: string): Promise<SandboxSpec> {
  const specs: SandboxSpec[] = [];
  const provider: SandboxProvider = {
    name: "recording",
    isSealed: true,
    create: async (spec) => {
      specs.push(spec);
      return { providerId: `recorded-${spec.sandboxId}` };
    },
    stop: async () => {},
    runtime: { format: 1, opencodeVersion: "1.0.0" },
    snapshotEndsSandbox: false,
    snapshot: () => Promise.reject(new Error("the recording provider takes no snapshots")),
    deleteSnapshot: async () => ({ freedBytes: 0 }),
    buildImage: () => Promise.reject(new Error("the recording provider builds no images")),
  };
  const sandbox = await getDb().sandbox.create({
    data: { sessionId, status: "pending", bootMode: "fresh", tokenHash: `unissued:${randomKey()}` },
    select: { id: true },
  });
  await spawnSandbox(sandbox.id, { provider });
  expect(specs, "the sandbox should have been handed to the provider").toHaveLength(1);
  return specs[0]!;
}
