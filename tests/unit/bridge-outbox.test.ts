// The bridge's outbox: numbered batches, retried until acknowledged, kept on disk so that a
// restarted bridge resends exactly what was not acknowledged.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { HttpError } from "@/sandbox/bridge/control-plane";
import { Outbox } from "@/sandbox/bridge/outbox";
import type { EventBatch } from "@/sandbox/bridge/protocol";
import { StateFile } from "@/sandbox/bridge/state";

/** A control plane that stores batches the way the real one does, and can be made to fail. */
function fakeControlPlane() {
  const stored: EventBatch[] = [];
  let lastBatch = 0;
  let failing: false | number = false;
  const received: number[] = [];
  return {
    stored,
    received,
    fail: (status: number | false) => {
      failing = status;
    },
    request: async <T>(_method: string, _path: string, body?: unknown): Promise<T> => {
      const batch = body as EventBatch;
      received.push(batch.batch);
      if (failing) throw new HttpError(failing, `injected ${failing}`);
      if (batch.batch === lastBatch + 1) {
        stored.push(structuredClone(batch));
        lastBatch = batch.batch;
      }
      return { lastBatch } as T;
    },
    heartbeat: async () => ({ ok: true as const }),
  };
}

const stateDir = () => mkdtempSync(path.join(os.tmpdir(), "nightshift-outbox-"));
const token = (text: string, messageId = "m1") => ({ type: "token" as const, data: { partId: "p1", text }, messageId });
const prompt = {
  content: "hi",
  author: { name: "Ada", email: "ada@example.com" },
  model: "custom/fake-coder",
  reasoningEffort: null,
};
const textOf = (batch: EventBatch) => batch.events.map((event) => (event.type === "token" ? event.data.text : null));

describe("the bridge's outbox", () => {
  it("sends events in numbered batches, joining streamed text into one event", async () => {
    const controlPlane = fakeControlPlane();
    const outbox = new Outbox(controlPlane, new StateFile(stateDir(), "sandbox-1"), () => {});
    outbox.push({ type: "user_message", data: prompt, messageId: "m1" });
    outbox.push(token("Hel"));
    outbox.push(token("lo"));
    outbox.push({ type: "execution_complete", data: { success: true }, messageId: "m1" });
    expect(await outbox.drain(5_000)).toBe(true);
    outbox.push(token("again"));
    expect(await outbox.drain(5_000)).toBe(true);

    expect(controlPlane.stored.map((batch) => batch.batch)).toEqual([1, 2]);
    expect(controlPlane.stored[0]!.events.map((event) => [event.type, event.data])).toEqual([
      ["user_message", prompt],
      ["token", { partId: "p1", text: "Hello" }],
      ["execution_complete", { success: true }],
    ]);
  });

  it("retries a batch under the same number until the control plane takes it", async () => {
    const controlPlane = fakeControlPlane();
    const outbox = new Outbox(controlPlane, new StateFile(stateDir(), "sandbox-1"), () => {});
    controlPlane.fail(503);
    outbox.push(token("one"));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    outbox.push(token(" two", "m2"));
    controlPlane.fail(false);
    expect(await outbox.drain(10_000)).toBe(true);

    expect(controlPlane.received.filter((batch) => batch === 1).length).toBeGreaterThan(1);
    expect(controlPlane.stored.map((batch) => [batch.batch, textOf(batch)])).toEqual([
      [1, ["one"]],
      [2, [" two"]],
    ]);
  });

  it("resends, after a restart, what the previous bridge process had not delivered, under the same numbers", async () => {
    const dir = stateDir();
    const down = fakeControlPlane();
    down.fail(503);
    const before = new Outbox(down, new StateFile(dir, "sandbox-1"), () => {});
    before.push(token("kept"));
    await new Promise((resolve) => setTimeout(resolve, 500));
    before.push(token(" too", "m2"));
    await new Promise((resolve) => setTimeout(resolve, 300));
    before.close(); // The process "dies"; a new one reads the state file.
    // A sandbox restored with this home from a snapshot is another sandbox: it starts afresh.
    expect(new StateFile(dir, "sandbox-2").state).toMatchObject({
      sandboxId: "sandbox-2",
      inflight: null,
      nextBatch: 1,
    });
    const saved = new StateFile(dir, "sandbox-1");
    expect(saved.state.inflight?.batch).toBe(1);

    const controlPlane = fakeControlPlane();
    const after = new Outbox(controlPlane, saved, () => {});
    after.kick();
    expect(await after.drain(10_000)).toBe(true);
    expect(controlPlane.stored.map((batch) => [batch.batch, textOf(batch)])).toEqual([
      [1, ["kept"]],
      [2, [" too"]],
    ]);
  });

  it("stops and says so when the control plane no longer accepts the sandbox", async () => {
    const controlPlane = fakeControlPlane();
    controlPlane.fail(401);
    let revoked = false;
    const outbox = new Outbox(controlPlane, new StateFile(stateDir(), "sandbox-1"), () => (revoked = true));
    outbox.push(token("x"));
    expect(await outbox.drain(2_000)).toBe(false);
    expect(revoked).toBe(true);
    expect(controlPlane.received).toEqual([1]);
  });
});
