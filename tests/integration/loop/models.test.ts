// A model and an effort chosen in Nightshift reach the provider as that provider's own options:
// the real OpenCode in a real sandbox, its Anthropic and OpenAI providers sent to the fake model
// server (which speaks Anthropic's Messages API and OpenAI's Responses API too). The keys are this
// repository's secrets, so no other test file sharing the database sees those providers available.
import { randomBytes } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { createCaller } from "@/server/api/root";
import { setSecrets } from "@/server/secrets/secrets";
import { newLoopSession, timelineOf, waitForMessage, withSessionLoop } from "../../support/session-loop";

// Before any server code reads the environment: Anthropic's requests go to the fake model server.
vi.hoisted(() => {
  process.env.ANTHROPIC_BASE_URL = process.env.NIGHTSHIFT_MODEL_BASE_URL;
  process.env.OPENAI_BASE_URL = process.env.NIGHTSHIFT_MODEL_BASE_URL;
});

const loop = withSessionLoop();

describe("a prompt's model and effort", () => {
  it(
    "reach the provider as that model with its effort options, and a prompt's own choice applies to it alone",
    { timeout: 150_000 },
    async () => {
      const { user, repository, session } = await newLoopSession();
      const changes = [
        { key: "ANTHROPIC_API_KEY", value: `sk-ant-${randomBytes(12).toString("hex")}` },
        { key: "OPENAI_API_KEY", value: `sk-${randomBytes(12).toString("hex")}` },
      ];
      await setSecrets({ ref: { scope: "repository", repositoryId: repository.id }, changes, actorId: user.id });
      const caller = createCaller({ user });

      // The session runs the custom endpoint's model; this prompt asks for Claude Opus 4.5, high.
      loop.model.script([
        { text: "Thought hard about it." },
        { text: "Reasoned a little." },
        { text: "Plain answer." },
      ]);
      const high = await caller.session.prompt({
        sessionId: session.id,
        content: "Think hard",
        model: "anthropic/claude-opus-4-5",
        reasoningEffort: "high",
      });
      expect(await waitForMessage(high.message.id, ["completed", "failed"])).toMatchObject({ status: "completed" });

      const claude = loop.model.requests.filter(
        (request) => request.api === "anthropic-messages" && !request.isTitleRequest,
      );
      expect(claude.length).toBeGreaterThan(0);
      expect(claude[0]).toMatchObject({
        model: "claude-opus-4-5",
        thinking: { type: "enabled", budgetTokens: 20_000 },
      });

      // OpenAI's Codex with low effort: the Responses API's reasoning options.
      const low = await caller.session.prompt({
        sessionId: session.id,
        content: "A quick one",
        model: "openai/gpt-5-codex",
        reasoningEffort: "low",
      });
      expect(await waitForMessage(low.message.id, ["completed", "failed"])).toMatchObject({ status: "completed" });
      const codex = loop.model.requests.filter(
        (request) => request.api === "openai-responses" && !request.isTitleRequest,
      );
      expect(codex[0]).toMatchObject({ model: "gpt-5-codex", reasoningEffort: "low", reasoningSummary: "auto" });

      // The next prompt names nothing: the session's own model, with no effort.
      const plain = await caller.session.prompt({ sessionId: session.id, content: "And now?" });
      expect(await waitForMessage(plain.message.id, ["completed", "failed"])).toMatchObject({ status: "completed" });
      const last = loop.model.requests.filter((request) => !request.isTitleRequest).at(-1)!;
      expect(last).toMatchObject({ api: "chat-completions", model: "fake-coder", reasoningEffort: null });

      const prompts = (await timelineOf(session.id))
        .filter((event) => event.type === "user_message")
        .map((event) => event.data);
      expect(prompts).toEqual([
        expect.objectContaining({ model: "anthropic/claude-opus-4-5", reasoningEffort: "high" }),
        expect.objectContaining({ model: "openai/gpt-5-codex", reasoningEffort: "low" }),
        expect.objectContaining({ model: "custom/fake-coder", reasoningEffort: null }),
      ]);
      // The keys were in the sandbox's environment; they are in none of the stored events.
      for (const change of changes) expect(JSON.stringify(await timelineOf(session.id))).not.toContain(change.value);
    },
  );
});
