// A repository's settings through tRPC: defaults until changed, each bad value refused with the
// field and the reason, a model this Nightshift cannot run refused, and sessions starting with
// the repository's default model and effort.
import { describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { createLocalRepository, createUser } from "../../factories";
import { refusal } from "../../support/refusal";

describe("repository settings", () => {
  it("start at the defaults, and keep what is changed, with who changed it", async () => {
    const ada = await createUser({ name: "Ada" });
    const repository = await createLocalRepository(ada.id);
    const caller = createCaller({ user: ada });
    expect(await caller.repository.settings({ id: repository.id })).toMatchObject({
      botEnabled: true,
      autoReview: false,
      allowedUsers: [],
      draftPullRequests: false,
      pullRequestLabel: null,
      updatedBy: null,
    });

    const changed = await caller.repository.updateSettings({
      id: repository.id,
      settings: { autoReview: true, allowedUsers: ["Octo-Cat", "octo-cat", "hubot"], draftPullRequests: true, pullRequestLabel: "agent", reviewInstructions: "Check the migrations." },
    });
    expect(changed).toMatchObject({ autoReview: true, allowedUsers: ["octo-cat", "hubot"], draftPullRequests: true, pullRequestLabel: "agent", updatedBy: { id: ada.id, name: "Ada" } });
    const cleared = await caller.repository.updateSettings({ id: repository.id, settings: { pullRequestLabel: null } });
    expect(cleared).toMatchObject({ pullRequestLabel: null, draftPullRequests: true, autoReview: true });
  });

  it("refuses each bad value, naming the field", async () => {
    const ada = await createUser();
    const repository = await createLocalRepository(ada.id);
    const caller = createCaller({ user: ada });
    const bad = async (settings: Record<string, unknown>) => (await refusal(caller.repository.updateSettings({ id: repository.id, settings } as never))).fieldErrors;
    expect(await bad({ allowedUsers: ["not a login!"] })).toEqual({ settings: [expect.stringContaining("is not a GitHub login")] });
    expect(await bad({ pullRequestLabel: "x".repeat(51) })).toEqual({ settings: ["GitHub labels are at most 50 characters."] });
    expect(await refusal(caller.repository.updateSettings({ id: repository.id, settings: { defaultModel: "anthropic/claude-sonnet-4-5" } }))).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { model: [expect.stringContaining("The anthropic provider is not configured")] },
    });
    expect(await refusal(caller.repository.settings({ id: "missing" }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("gives new sessions the repository's default effort", async () => {
    const ada = await createUser();
    const repository = await createLocalRepository(ada.id);
    const caller = createCaller({ user: ada });
    await caller.repository.updateSettings({ id: repository.id, settings: { defaultReasoningEffort: "high" } });
    expect((await caller.session.create({ repositoryId: repository.id })).reasoningEffort).toBe("high");
    expect((await caller.session.create({ repositoryId: repository.id, reasoningEffort: "low" })).reasoningEffort).toBe("low");
  });
});
