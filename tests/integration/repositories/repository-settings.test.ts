// A repository's settings through tRPC: defaults until changed, each bad value refused with the
// field and the reason, a model this Nightshift cannot run refused, and sessions starting with
// the repository's default model, effort and base branch, their sandboxes with its time limits.
import { rm } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { BRIDGE_ENV } from "@/sandbox/bridge/protocol";
import { createCaller } from "@/server/api/root";
import { deleteSecret, setSecrets } from "@/server/secrets/secrets";
import { getDb } from "@/server/db";
import { DEFAULT_SETUP_TIMEOUT_SECONDS, DEFAULT_START_TIMEOUT_SECONDS } from "@/server/sandboxes/time-limits";
import { createSession } from "@/server/sessions/create-session";
import { createLocalRepository, createUser, randomKey, asActor } from "../../factories";
import { refusal } from "../../support/refusal";
import { spawnedSpecFor } from "../../support/spawned-spec";

const SESSION_DEFAULTS = {
  defaultBaseBranch: null,
  setupTimeoutSeconds: null,
  startTimeoutSeconds: null,
  imageBuildsEnabled: true,
};

/** The environment a sandbox of the session is started with. */
async function sandboxEnvFor(sessionId: string): Promise<Record<string, string>> {
  return (await spawnedSpecFor(sessionId)).env;
}

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
      ...SESSION_DEFAULTS,
      updatedBy: null,
    });

    const changed = await caller.repository.updateSettings({
      id: repository.id,
      settings: {
        autoReview: true,
        allowedUsers: ["Octo-Cat", "octo-cat", "hubot"],
        draftPullRequests: true,
        pullRequestLabel: "agent",
        reviewInstructions: "Check the migrations.",
      },
    });
    expect(changed).toMatchObject({
      autoReview: true,
      allowedUsers: ["octo-cat", "hubot"],
      draftPullRequests: true,
      pullRequestLabel: "agent",
      updatedBy: { id: ada.id, name: "Ada" },
    });
    const cleared = await caller.repository.updateSettings({ id: repository.id, settings: { pullRequestLabel: null } });
    expect(cleared).toMatchObject({ pullRequestLabel: null, draftPullRequests: true, autoReview: true });
  });

  it("refuses each bad value, naming the field", async () => {
    const ada = await createUser();
    const repository = await createLocalRepository(ada.id);
    const caller = createCaller({ user: ada });
    const bad = async (settings: Record<string, unknown>) =>
      (await refusal(caller.repository.updateSettings({ id: repository.id, settings } as never))).fieldErrors;
    expect(await bad({ allowedUsers: ["not a login!"] })).toEqual({
      settings: [expect.stringContaining("is not a GitHub login")],
    });
    expect(await bad({ pullRequestLabel: "x".repeat(51) })).toEqual({
      settings: ["GitHub labels are at most 50 characters."],
    });
    expect(
      await refusal(
        caller.repository.updateSettings({
          id: repository.id,
          settings: { defaultModel: "anthropic/claude-sonnet-4-5" },
        }),
      ),
    ).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { model: [expect.stringContaining("Claude Sonnet 4.5 cannot be used: Anthropic has no API key")] },
    });
    expect(
      await refusal(
        caller.repository.updateSettings({ id: repository.id, settings: { defaultReasoningEffort: "minimal" } }),
      ),
    ).toMatchObject({
      fieldErrors: { reasoningEffort: ["fake-coder offers low, medium, high reasoning effort; not minimal."] },
    });
    expect(await refusal(caller.repository.settings({ id: "missing" }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("gives new sessions the repository's default effort", async () => {
    const ada = await createUser();
    const repository = await createLocalRepository(ada.id);
    const caller = createCaller({ user: ada });
    await caller.repository.updateSettings({ id: repository.id, settings: { defaultReasoningEffort: "high" } });
    expect((await caller.session.create({ repositoryId: repository.id })).reasoningEffort).toBe("high");
    expect((await caller.session.create({ repositoryId: repository.id, reasoningEffort: "low" })).reasoningEffort).toBe(
      "low",
    );
  });

  it("saves other settings after the default model's key is gone, sending the default model unchanged", async () => {
    const ada = await createUser();
    const repository = await createLocalRepository(ada.id);
    const caller = createCaller({ user: ada });
    const scope = { scope: "repository" as const, repositoryId: repository.id };
    await setSecrets({
      ref: scope,
      changes: [{ key: "ANTHROPIC_API_KEY", value: `sk-ant-${randomKey()}` }],
      actorId: ada.id,
    });
    await caller.repository.updateSettings({
      id: repository.id,
      settings: { defaultModel: "anthropic/claude-haiku-4-5", defaultReasoningEffort: "low" },
    });
    await deleteSecret(scope, "ANTHROPIC_API_KEY");

    // The form sends every field: the unchanged default model is not checked again.
    const saved = await caller.repository.updateSettings({
      id: repository.id,
      settings: {
        defaultModel: "anthropic/claude-haiku-4-5",
        defaultReasoningEffort: "low",
        pullRequestLabel: "agent",
      },
    });
    expect(saved).toMatchObject({ defaultModel: "anthropic/claude-haiku-4-5", pullRequestLabel: "agent" });
    // A session that takes the default is refused with the reason.
    expect((await refusal(caller.session.create({ repositoryId: repository.id }))).fieldErrors?.model?.[0]).toMatch(
      /^Claude Haiku 4.5 cannot be used: Anthropic has no API key/,
    );
  });

  it("keep a default base branch, time limits and image builds, and null restores the defaults", async () => {
    const ada = await createUser();
    const repository = await createLocalRepository(ada.id, { branches: ["develop"] });
    const caller = createCaller({ user: ada });
    const chosen = {
      defaultBaseBranch: "develop",
      setupTimeoutSeconds: 900,
      startTimeoutSeconds: 45,
      imageBuildsEnabled: false,
    };

    expect(await caller.repository.updateSettings({ id: repository.id, settings: chosen })).toMatchObject(chosen);
    expect(await caller.repository.settings({ id: repository.id })).toMatchObject(chosen);
    expect(
      await caller.repository.updateSettings({ id: repository.id, settings: { draftPullRequests: true } }),
      "other changes keep them",
    ).toMatchObject(chosen);

    const cleared = await caller.repository.updateSettings({ id: repository.id, settings: SESSION_DEFAULTS });
    expect(cleared).toMatchObject({ ...SESSION_DEFAULTS, draftPullRequests: true });
  });

  it("refuses a base branch git would refuse or the repository lacks, and time limits out of range, each with its reason", async () => {
    const ada = await createUser();
    const repository = await createLocalRepository(ada.id, { name: `engine-${randomKey()}`, branches: ["develop"] });
    const caller = createCaller({ user: ada });
    const bad = async (settings: Record<string, unknown>) =>
      (await refusal(caller.repository.updateSettings({ id: repository.id, settings } as never))).fieldErrors;

    expect(await bad({ defaultBaseBranch: "fix login" })).toEqual({
      settings: ["A branch name cannot contain spaces."],
    });
    expect(await bad({ defaultBaseBranch: "release..1" })).toEqual({
      settings: ["A branch name cannot contain “..”."],
    });
    expect(await bad({ defaultBaseBranch: "-f" })).toEqual({ settings: ["A branch name cannot start with “-”."] });
    expect(await bad({ defaultBaseBranch: "feature/.hidden" })).toEqual({
      settings: ["A branch name cannot have a part (between slashes) that starts with “.”."],
    });
    expect(await bad({ defaultBaseBranch: "  " })).toEqual({ settings: ["A branch name cannot be empty."] });
    expect(await bad({ defaultBaseBranch: "HEAD" })).toEqual({ settings: ["A branch name cannot be “HEAD”."] });
    expect(
      await refusal(
        caller.repository.updateSettings({ id: repository.id, settings: { defaultBaseBranch: "release" } }),
      ),
    ).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { defaultBaseBranch: [`${repository.name} has no branch release.`] },
    });

    expect(await bad({ setupTimeoutSeconds: 29 })).toEqual({
      settings: ["The setup time limit must be between 30 and 3,600 seconds."],
    });
    expect(await bad({ setupTimeoutSeconds: 3601 })).toEqual({
      settings: ["The setup time limit must be between 30 and 3,600 seconds."],
    });
    expect(await bad({ setupTimeoutSeconds: 90.5 })).toEqual({
      settings: ["The setup time limit is a whole number of seconds."],
    });
    expect(await bad({ startTimeoutSeconds: 9 })).toEqual({
      settings: ["The start time limit must be between 10 and 1,800 seconds."],
    });
    expect(await bad({ startTimeoutSeconds: 1801 })).toEqual({
      settings: ["The start time limit must be between 10 and 1,800 seconds."],
    });
    expect(await bad({ startTimeoutSeconds: "60" })).toEqual({
      settings: ["The start time limit is a number of seconds."],
    });
    expect(await bad({ imageBuildsEnabled: "yes" })).toEqual({
      settings: [expect.stringContaining("expected boolean")],
    });

    expect(await caller.repository.settings({ id: repository.id }), "nothing was saved").toMatchObject(
      SESSION_DEFAULTS,
    );
    const limits = { setupTimeoutSeconds: 30, startTimeoutSeconds: 1800 };
    expect(
      await caller.repository.updateSettings({ id: repository.id, settings: limits }),
      "the bounds themselves are allowed",
    ).toMatchObject(limits);
  });

  it("keeps a valid base branch it cannot check when the repository's branches cannot be read", async () => {
    const ada = await createUser();
    const repository = await createLocalRepository(ada.id);
    const { externalId } = await getDb().repository.findUniqueOrThrow({
      where: { id: repository.id },
      select: { externalId: true },
    });
    await rm(externalId, { recursive: true, force: true });

    const saved = await createCaller({ user: ada }).repository.updateSettings({
      id: repository.id,
      settings: { defaultBaseBranch: "release/2.0" },
    });
    expect(saved.defaultBaseBranch).toBe("release/2.0");
  });

  it("starts sessions that name no branch from the default base branch, and offers it in the branch list", async () => {
    const ada = await createUser();
    const repository = await createLocalRepository(ada.id, { branches: ["develop"] });
    const caller = createCaller({ user: ada });
    await caller.repository.updateSettings({ id: repository.id, settings: { defaultBaseBranch: "develop" } });

    expect((await caller.session.create({ repositoryId: repository.id })).baseBranch).toBe("develop");
    expect((await caller.session.create({ repositoryId: repository.id, baseBranch: "main" })).baseBranch).toBe("main");
    expect(await caller.repository.branches({ id: repository.id })).toMatchObject({
      defaultBranch: "main",
      defaultBaseBranch: "develop",
    });

    await caller.repository.updateSettings({ id: repository.id, settings: { defaultBaseBranch: null } });
    expect((await caller.session.create({ repositoryId: repository.id })).baseBranch).toBe("main");
    expect(await caller.repository.branches({ id: repository.id })).toMatchObject({ defaultBaseBranch: "main" });
  });

  it("gives a session's sandbox the repository's setup and start time limits, or the defaults", async () => {
    const ada = await createUser();
    const configured = await createLocalRepository(ada.id);
    await createCaller({ user: ada }).repository.updateSettings({
      id: configured.id,
      settings: { setupTimeoutSeconds: 900, startTimeoutSeconds: 45 },
    });
    const env = await sandboxEnvFor((await createSession({ repositoryId: configured.id, actor: asActor(ada) })).id);
    expect([env[BRIDGE_ENV.setupTimeout], env[BRIDGE_ENV.startTimeout]]).toEqual(["900", "45"]);

    const unconfigured = await createLocalRepository(ada.id);
    const defaults = await sandboxEnvFor(
      (await createSession({ repositoryId: unconfigured.id, actor: asActor(ada) })).id,
    );
    expect([defaults[BRIDGE_ENV.setupTimeout], defaults[BRIDGE_ENV.startTimeout]]).toEqual([
      String(DEFAULT_SETUP_TIMEOUT_SECONDS),
      String(DEFAULT_START_TIMEOUT_SECONDS),
    ]);
  });
});
