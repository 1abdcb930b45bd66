// Slack's text both ways: its markup read as plain text for the agent, the bot's answer within
// Slack's limits, and its timestamps ordered exactly.
import { describe, expect, it } from "vitest";
import { compareTs, escapeMrkdwn, plainText, sections } from "@/server/integrations/slack/format";
import { parsePick, pickerMessage } from "@/server/integrations/slack/picker";
import { describeStep } from "@/server/integrations/slack/progress";
import { answerMessage } from "@/server/integrations/slack/reply";
import type { PromptResult } from "@/server/sessions/prompt-result";

const BOT = "U0NIGHTBOT";

describe("a message's text", () => {
  it("loses the bot's mention and reads people, channels, links and entities as a person would", () => {
    expect(
      plainText(
        `<@${BOT}> ask <@U0GRACE> in <#C0ENG|eng> about <https://example.com/a?b=1&amp;c=2|the doc> and <https://example.com/x> &lt;b&gt; <!here>`,
        BOT,
      ),
    ).toBe("ask @U0GRACE in #eng about the doc (https://example.com/a?b=1&c=2) and https://example.com/x <b> @here");
  });

  it("is escaped when the bot quotes it, so it cannot ping anyone or make a link", () => {
    expect(escapeMrkdwn("<!channel> & <https://evil.example|click>")).toBe(
      "&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;",
    );
  });
});

describe("the answer", () => {
  it("is cut into sections of at most 3,000 characters, at line breaks where it can", () => {
    const text = Array.from({ length: 200 }, (_, i) => `line ${i} ${"x".repeat(40)}`).join("\n");
    const parts = sections(text);
    expect(parts.length).toBeGreaterThan(3);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(3_000);
    expect(parts.join("\n")).toBe(text);
    expect(sections("y".repeat(7_000)).map((part) => part.length)).toEqual([3_000, 3_000, 1_000]);
  });

  it("stays within Slack's 50 blocks however long it is, and says where the rest is", () => {
    const result: PromptResult = {
      prompt: {
        id: "m1",
        status: "completed",
        error: null,
        source: "slack",
        createdAt: new Date(),
        startedAt: new Date(),
        finishedAt: new Date(),
      },
      session: {
        id: "s1",
        url: "https://ns.example/sessions/s1",
        title: null,
        branch: "nightshift/s1",
        baseBranch: "main",
      },
      answer: "z".repeat(200_000),
      pullRequest: { url: "https://github.com/acme/widgets/pull/7", number: 7, title: "Fix <the> thing" },
      costUsd: 0.01234,
      filesChanged: Array.from({ length: 14 }, (_, i) => ({ path: `src/f${i}.ts`, additions: 1, deletions: 0 })),
    };
    const message = answerMessage(result, { repository: "acme/widgets", model: "anthropic/claude-sonnet-4-5" });
    const blocks = JSON.stringify(message.blocks);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(blocks).toContain("The answer goes on in the session.");
    expect(blocks).toContain("<https://github.com/acme/widgets/pull/7|Fix &lt;the&gt; thing>");
    expect(blocks).toContain("and 4 more");
    expect(blocks).toContain(":white_check_mark: Done · anthropic/claude-sonnet-4-5 · $0.0123 · acme/widgets");
    expect(message.text.length).toBeLessThanOrEqual(3_000);

    const failed = answerMessage(
      {
        ...result,
        prompt: { ...result.prompt, status: "failed", error: "the sandbox was lost" },
        answer: null,
        pullRequest: null,
        filesChanged: [],
      },
      { repository: "acme/widgets", model: "m" },
    );
    expect(failed.text).toBe("Failed: the sandbox was lost");
    expect(JSON.stringify(failed.blocks)).not.toContain("create_pull_request");
    expect(JSON.stringify(message.blocks)).not.toContain("create_pull_request");
    const branchOnly = answerMessage({ ...result, pullRequest: null }, { repository: "acme/widgets", model: "m" });
    expect(JSON.stringify(branchOnly.blocks)).toContain(
      '"action_id":"create_pull_request","text":{"type":"plain_text","text":"Create pull request"},"value":"s1"',
    );
    expect(JSON.stringify(failed.blocks)).toContain(":warning: Failed: the sandbox was lost");
  });
});

describe("the repository picker", () => {
  it("offers five buttons and a menu of at most 100, within Slack's limits, and reads back only its own values", () => {
    const candidates = Array.from({ length: 100 }, (_, i) => ({
      id: `cmrepo${i}`,
      name: `acme/${"r".repeat(90)}${i}`,
    }));
    const { blocks } = pickerMessage("cmpending1", { candidates, why: "the message does not say which repository" });
    const [buttons, menu] = blocks.filter((block) => block.type === "actions") as Array<{
      elements: Array<{
        value?: string;
        text?: { text: string };
        options?: Array<{ value: string; text: { text: string } }>;
      }>;
    }>;
    expect(buttons!.elements).toHaveLength(5);
    expect(menu!.elements[0]!.options).toHaveLength(100);
    for (const option of menu!.elements[0]!.options!) {
      expect(option.text.text.length).toBeLessThanOrEqual(75);
      expect(option.value.length).toBeLessThanOrEqual(150);
      expect(parsePick(option.value)).toEqual({
        pendingId: "cmpending1",
        repositoryId: expect.stringMatching(/^cmrepo\d+$/),
      });
    }
    for (const value of ["", "a|b|c", "a", "a|\ud800", "../x|y", 7, null]) expect(parsePick(value)).toBeNull();
  });
});

describe("the agent's step, in words", () => {
  const call = (tool: string, input: unknown, title?: string) => ({
    callId: "c1",
    tool,
    status: "running",
    input,
    title,
  });
  it("says what a tool call does, escaped and at most 80 characters", () => {
    expect(describeStep(call("read", { filePath: "src/app.ts" }))).toBe("Reading src/app.ts");
    expect(describeStep(call("edit", { filePath: "src/<b>.ts" }))).toBe("Editing src/&lt;b&gt;.ts");
    expect(describeStep(call("bash", { command: "npm test\nnpm run lint" }))).toBe("Running npm test");
    expect(describeStep(call("grep", { pattern: "TODO" }))).toBe("Searching for TODO");
    expect(describeStep(call("mcp_thing", {}, "Asked the thing"))).toBe("Asked the thing");
    expect(describeStep(call("mcp_thing", {}))).toBe("Using mcp_thing");
    const long = describeStep(call("bash", { command: "x".repeat(200) }))!;
    expect(long).toHaveLength(80);
    expect(long.endsWith("…")).toBe(true);
    expect(describeStep({ not: "a tool call" })).toBeNull();
  });
});

describe("Slack timestamps", () => {
  it("are ordered exactly, where numbers would round", () => {
    expect(compareTs("1733212345.000200", "1733212345.000201")).toBe(-1);
    expect(compareTs("1733212346.000001", "1733212345.999999")).toBe(1);
    expect(compareTs("1733212345.5", "1733212345.500000")).toBe(0);
  });
});
