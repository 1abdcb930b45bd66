// The action's and the command line's client (actions/src/client.ts) against the OpenAPI
// document the server serves: every operation it calls is one the document describes, with the
// path parameters it fills in. Its request and answer types are the server's own (checked by
// the type checker); this checks the routes.
import { describe, expect, it } from "vitest";
import { OPERATIONS } from "@/actions/src/client";
import type { NightshiftClient } from "@/actions/src/client";
import { followPrompt, ProgressLines } from "@/actions/src/follow";
import { openApiDocument } from "@/server/http/openapi";

describe("the API client", () => {
  it("calls only operations the OpenAPI document describes", () => {
    const paths = openApiDocument().paths as Record<
      string,
      Record<string, { parameters?: Array<{ name: string; in: string }> }>
    >;
    for (const [name, operation] of Object.entries(OPERATIONS)) {
      const [method, route] = operation.split(" ") as [string, string];
      const described = paths[route]?.[method.toLowerCase()];
      expect(described, `${name}: ${operation}`).toBeDefined();
      const inPath = [...route.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const declared = (described!.parameters ?? []).filter((parameter) => parameter.in === "path").map((p) => p.name);
      expect(declared.sort(), `${name}'s path parameters`).toEqual(inPath.sort());
    }
  });

  it("shows a timeline as a log: each tool call once, when done, and the agent's text by step", () => {
    const lines = new ProgressLines();
    const at = (seq: number, event: object) => ({ id: `e${seq}`, seq, messageId: "m1", createdAt: "", ...event });
    const shown = [
      at(1, { type: "boot_phase", data: { phase: "cloning", status: "started" } }),
      at(2, { type: "sandbox_status", data: { status: "ready" } }),
      at(3, {
        type: "tool_call",
        data: { callId: "c1", tool: "bash", status: "running", input: { command: "npm test" } },
      }),
      at(4, {
        type: "tool_call",
        data: { callId: "c1", tool: "bash", status: "completed", input: { command: "npm test" } },
      }),
      at(5, { type: "token", data: { partId: "p1", text: "All " } }),
      at(6, { type: "token", data: { partId: "p1", text: "green." } }),
      at(7, {
        type: "step_finish",
        data: { tokens: { input: 10, output: 5, reasoning: 0, cacheRead: 0, cacheWrite: 0 }, cost: 0.0012 },
      }),
      at(8, { type: "execution_complete", data: { success: false, reason: "stopped by Ada" } }),
    ].flatMap((event) => lines.add(event as Parameters<ProgressLines["add"]>[0]));
    expect(shown).toEqual([
      "▸ sandbox: cloning…",
      "▸ sandbox ready",
      "✓ bash: npm test",
      "  All green.",
      "· step done (15 tokens, $0.0012)",
      "■ failed: stopped by Ada",
    ]);
  });

  it("waits out the last second before its deadline instead of asking again and again", async () => {
    const asked: number[] = [];
    // A quiet session whose prompt is still running: every request waits as long as it asks, then
    // answers with nothing, as the server does.
    const client = {
      events: async (_id: string, query: { wait?: number }) => {
        asked.push(query.wait ?? 0);
        await new Promise((resolve) => setTimeout(resolve, (query.wait ?? 0) * 1000));
        return { events: [], lastSeq: 0, hasEarlier: false };
      },
      promptResult: async () => ({ prompt: { status: "running" } }),
    } as unknown as NightshiftClient;
    const outcome = await followPrompt(client, {
      sessionId: "s1",
      messageId: "m1",
      after: 0,
      deadline: Date.now() + 1500,
    });
    expect(outcome.timedOut).toBe(true);
    expect(asked).toEqual([1]);
  });
});
