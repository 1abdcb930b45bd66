import { describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { createUser } from "../../factories";
import { refusal } from "../../support/refusal";

describe("model.list", () => {
  it("gives a signed-in person this server's models (here, the custom endpoint's), and nobody else anything", async () => {
    const caller = createCaller({ user: await createUser() });

    expect(await caller.model.list()).toMatchObject({
      models: [{ id: "custom/fake-coder", providerLabel: "Custom endpoint", label: "fake-coder" }],
      defaultModel: "custom/fake-coder",
      notConfiguredMessage: null,
    });
    expect((await refusal(createCaller({ user: null }).model.list())).code).toBe("UNAUTHORIZED");
  });
});
