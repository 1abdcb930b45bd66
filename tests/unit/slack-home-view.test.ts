// The bot's Home tab within Slack's limits however much a person has: 100 blocks, 100 options a
// menu, 75 characters an option's text; and what people wrote shown as text, never as markup.
import { describe, expect, it } from "vitest";
import { type HomeData, homeView } from "@/server/integrations/slack/home-view";

const repositories = Array.from({ length: 150 }, (_, index) => ({ id: `r${index}`, name: `acme/service-${index}` }));
const data: HomeData = {
  person: "Ada <!channel> Lovelace",
  scope: null,
  repositories,
  choices: { model: null, reasoningEffort: null, baseBranch: "develop" },
  defaultModel: "anthropic/claude-sonnet-4-5",
  models: Array.from({ length: 120 }, (_, index) => ({
    id: `custom/model-${index}`,
    label: `A model whose name goes on and on and on, far past what a menu can show ${index}`,
    efforts: [],
  })),
  efforts: [],
  overrides: repositories.slice(0, 60).map((repository) => ({
    repository,
    choices: { model: "custom/model-1", reasoningEffort: null, baseBranch: null },
  })),
  sessions: Array.from({ length: 10 }, (_, index) => ({
    title: `Fix <@U0BOSS> ${index}`,
    url: `http://127.0.0.1:3000/sessions/s${index}`,
    repository: "acme/service-1",
    status: "completed" as const,
    updatedAt: new Date("2026-12-01T10:00:00Z"),
  })),
  notice: null,
};

type Block = {
  type: string;
  accessory?: { options?: unknown[] };
  elements?: Array<{ options?: Array<{ text: { text: string } }> }>;
};

describe("the Home tab", () => {
  it("keeps within Slack's limits with 150 repositories, 120 models and 60 repositories' choices", () => {
    const view = homeView(data);
    const blocks = view.blocks as Block[];
    expect(blocks.length).toBeLessThanOrEqual(100);
    const menus = blocks
      .flatMap((block) => [block.accessory, ...(block.elements ?? [])])
      .filter((menu) => menu?.options);
    expect(menus.length).toBe(2);
    for (const menu of menus) {
      expect(menu!.options!.length).toBe(100);
      for (const option of menu!.options as Array<{ text: { text: string } }>)
        expect(option.text.text.length).toBeLessThanOrEqual(75);
    }
    const text = JSON.stringify(blocks);
    expect(text).toContain("And 20 more: choose one above to see it.");
    expect(text).toContain('"initial_value":"develop"');
  });

  it("shows names and titles as text: no mention, no broadcast", () => {
    const text = JSON.stringify(homeView(data).blocks);
    expect(text).toContain("Ada &lt;!channel&gt; Lovelace");
    expect(text).toContain("Fix &lt;@U0BOSS&gt; 0");
    expect(text).not.toContain("<!channel>");
    expect(text).not.toContain("<@U0BOSS>");
  });
});
