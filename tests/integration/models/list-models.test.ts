// Model choice as people meet it: every model listed, the unavailable ones with the reason; a
// provider key set as a repository's secret makes its models usable there and nowhere else; a
// session or prompt naming a model without a key, or an effort its model does not offer, is
// refused saying why. (No test here sets a global key: test files share the database.)
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { setSecrets } from "@/server/secrets/secrets";
import { administrator, createLocalRepository, createUser } from "../../factories";
import { refusal } from "../../support/refusal";

const NO_ANTHROPIC_KEY =
  "Anthropic has no API key: add ANTHROPIC_API_KEY as a global secret (on the Secrets page) or set it in Nightshift's environment.";

describe("model.list", () => {
  it("lists the available models first and the others with the reason, with each model's efforts; nobody signed out gets anything", async () => {
    const caller = createCaller({ user: await createUser() });
    const list = await caller.model.list();

    expect(list.defaultModel).toBe("custom/fake-coder");
    expect(list.notConfiguredMessage).toBeNull();
    expect(list.models[0]).toMatchObject({
      id: "custom/fake-coder",
      providerLabel: "Custom endpoint",
      available: true,
      efforts: [{ id: "low" }, { id: "medium" }, { id: "high" }],
    });
    expect(list.models.find((model) => model.id === "anthropic/claude-opus-4-5")).toMatchObject({
      available: false,
      unavailableReason: NO_ANTHROPIC_KEY,
    });
    expect(list.providers.find((provider) => provider.id === "openai")).toMatchObject({
      source: "hosted",
      available: false,
    });
    expect((await refusal(createCaller({ user: null }).model.list())).code).toBe("UNAUTHORIZED");
  });
});

describe("a provider key as a repository's secret", () => {
  it("makes the provider's models usable for that repository's sessions only, with the efforts each model offers", async () => {
    const ada = await createUser();
    const caller = createCaller({ user: ada });
    const keyed = await createLocalRepository(ada.id);
    const other = await createLocalRepository(ada.id);
    await setSecrets({
      ref: { scope: "repository", repositoryId: keyed.id },
      changes: [{ key: "ANTHROPIC_API_KEY", value: `sk-ant-${randomBytes(8).toString("hex")}` }],
      actorId: ada.id,
    });

    const there = await caller.model.list({ repositoryId: keyed.id });
    expect(there.models.find((model) => model.id === "anthropic/claude-haiku-4-5")).toMatchObject({
      available: true,
      unavailableReason: null,
    });
    expect(
      (await caller.model.list({ repositoryId: other.id })).models.find(
        (model) => model.id === "anthropic/claude-haiku-4-5",
      )?.available,
    ).toBe(false);

    const session = await caller.session.create({
      repositoryId: keyed.id,
      model: "anthropic/claude-haiku-4-5",
      reasoningEffort: "low",
    });
    expect(session).toMatchObject({ model: "anthropic/claude-haiku-4-5", reasoningEffort: "low" });

    const badEffort = await refusal(
      caller.session.create({
        repositoryId: keyed.id,
        model: "anthropic/claude-haiku-4-5",
        reasoningEffort: "minimal",
      }),
    );
    expect(badEffort.fieldErrors?.reasoningEffort).toEqual([
      "Claude Haiku 4.5 offers low, medium, high reasoning effort; not minimal.",
    ]);
    const elsewhere = await refusal(
      caller.session.create({ repositoryId: other.id, model: "anthropic/claude-haiku-4-5" }),
    );
    expect(elsewhere.fieldErrors?.model).toEqual([`Claude Haiku 4.5 cannot be used: ${NO_ANTHROPIC_KEY}`]);
  });

  it("refuses a prompt that names a model without a key, or an effort its model lacks, and queues nothing", async () => {
    const ada = await createUser();
    const caller = createCaller({ user: ada });
    const repository = await createLocalRepository(ada.id);
    const session = await caller.session.create({ repositoryId: repository.id });

    const noKey = await refusal(
      caller.session.prompt({
        sessionId: session.id,
        content: "Go",
        model: "openai/gpt-5.1-codex",
        reasoningEffort: "high",
      }),
    );
    expect(noKey.fieldErrors?.model).toEqual([
      "GPT-5.1 Codex cannot be used: OpenAI has no API key: add OPENAI_API_KEY as a global secret (on the Secrets page) or set it in Nightshift's environment.",
    ]);
    const noEffort = await refusal(
      caller.session.prompt({ sessionId: session.id, content: "Go", reasoningEffort: "extreme" }),
    );
    expect(noEffort.fieldErrors?.reasoningEffort).toEqual([
      "fake-coder offers low, medium, high reasoning effort; not extreme.",
    ]);
    expect((await caller.session.get({ sessionId: session.id })).messages).toEqual([]);
  });
});

describe("custom providers in settings", () => {
  it("adds an OpenAI-compatible provider whose models sessions can use, keeps its key out of every answer, and removes it", async () => {
    const ada = await administrator();
    const caller = createCaller({ user: ada });
    const slug = `gw-${randomBytes(4).toString("hex")}`;
    const key = `gw-key-${randomBytes(12).toString("hex")}`;

    const saved = await caller.model.saveCustomProvider({
      slug,
      label: "Our gateway",
      baseUrl: "http://127.0.0.1:9/v1",
      apiKey: key,
      models: ["llama-4-maverick", "qwen3-coder"],
    });
    expect(saved).toMatchObject({
      slug,
      label: "Our gateway",
      hasKey: true,
      models: ["llama-4-maverick", "qwen3-coder"],
      updatedBy: { id: ada.id },
    });
    const listed = await caller.model.customProviders();
    expect(listed.find((provider) => provider.slug === slug)).toMatchObject({ hasKey: true });
    expect(JSON.stringify([saved, listed, await caller.model.list()])).not.toContain(key);

    const models = await caller.model.list();
    expect(models.models.find((model) => model.id === `${slug}/qwen3-coder`)).toMatchObject({
      providerLabel: "Our gateway",
      available: true,
    });
    const repository = await createLocalRepository(ada.id);
    expect(
      (
        await caller.session.create({
          repositoryId: repository.id,
          model: `${slug}/QWEN3-coder`,
          reasoningEffort: "high",
        })
      ).model,
    ).toBe(`${slug}/qwen3-coder`);

    // Saved again without a key: the key stays; with null: it is cleared.
    expect(
      (
        await caller.model.saveCustomProvider({
          slug,
          label: "Gateway",
          baseUrl: "https://gw.example.com/v1",
          models: ["qwen3-coder"],
        })
      ).hasKey,
    ).toBe(true);
    expect(
      (
        await caller.model.saveCustomProvider({
          slug,
          label: "Gateway",
          baseUrl: "https://gw.example.com/v1",
          apiKey: null,
          models: ["qwen3-coder"],
        })
      ).hasKey,
    ).toBe(false);

    await caller.model.removeCustomProvider({ slug });
    expect((await caller.model.customProviders()).some((provider) => provider.slug === slug)).toBe(false);
    expect((await refusal(caller.model.removeCustomProvider({ slug }))).message).toBe(
      `There is no custom provider ${slug}.`,
    );
  });

  it("lets everyone list them, and only an administrator add, change or remove one", async () => {
    const admin = createCaller({ user: await administrator() });
    const bob = createCaller({ user: await createUser() });
    const slug = `gw-${randomBytes(4).toString("hex")}`;
    const provider = { slug, label: "Bob's gateway", baseUrl: "https://evil.example/v1", apiKey: "k", models: ["m"] };

    const refused = await refusal(bob.model.saveCustomProvider(provider));
    expect(refused).toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("Only an administrator can add or change model providers"),
    });
    await admin.model.saveCustomProvider({ ...provider, label: "Our gateway", baseUrl: "https://gw.example/v1" });
    expect(await refusal(bob.model.saveCustomProvider(provider))).toMatchObject({ code: "FORBIDDEN" });
    expect(await refusal(bob.model.removeCustomProvider({ slug }))).toMatchObject({ code: "FORBIDDEN" });
    expect((await bob.model.customProviders()).find((listed) => listed.slug === slug)).toMatchObject({
      label: "Our gateway",
      baseUrl: "https://gw.example/v1",
    });
    await admin.model.removeCustomProvider({ slug });
  });

  it("refuses a built-in id, an address that is not http(s), and a provider without models, saying which", async () => {
    const caller = createCaller({ user: await createUser() });
    const bad = await refusal(
      caller.model.saveCustomProvider({ slug: "openai", label: "", baseUrl: "ftp://example.com", models: [] }),
    );
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.fieldErrors).toMatchObject({
      slug: ["That id belongs to a built-in provider; choose another."],
      label: ["Give the provider a name."],
      baseUrl: ["Enter the endpoint's base URL, http:// or https://, usually ending in /v1."],
      models: ["List at least one model name."],
    });
  });
});
