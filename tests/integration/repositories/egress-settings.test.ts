// Where a repository's sandboxes may connect: administrators alone change it; the settings page
// sends every field, so sending it unchanged is no change; an allow-list names real host names.
import { describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { createSession } from "@/server/sessions/create-session";
import { administrator, asActor, createLocalRepository, createUser } from "../../factories";
import { refusal } from "../../support/refusal";
import { spawnedSpecFor } from "../../support/spawned-spec";

describe("a repository's network access", () => {
  it("is changed by an administrator only, while others still save the rest with it unchanged", async () => {
    const ada = await createUser();
    const admin = await administrator();
    const { id } = await createLocalRepository(ada.id);
    const asAda = createCaller({ user: ada });

    expect(await asAda.repository.settings({ id })).toMatchObject({ egressMode: "public", egressHosts: [] });
    expect(await refusal(asAda.repository.updateSettings({ id, settings: { egressMode: "none" } }))).toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/^Only an administrator can change where a repository's sandboxes may connect/),
    });
    // Everything the page sends, the network access unchanged: saved.
    expect(
      await asAda.repository.updateSettings({
        id,
        settings: { draftPullRequests: true, egressMode: "public", egressHosts: [] },
      }),
    ).toMatchObject({ draftPullRequests: true, egressMode: "public" });

    const saved = await createCaller({ user: admin }).repository.updateSettings({
      id,
      settings: { egressMode: "allowlist", egressHosts: ["Registry.NPMJS.org", "*.github.com", "registry.npmjs.org"] },
    });
    expect(saved).toMatchObject({ egressMode: "allowlist", egressHosts: ["registry.npmjs.org", "*.github.com"] });
    // Unchanged, in another order: still no change, so Ada may save.
    await asAda.repository.updateSettings({
      id,
      settings: { egressMode: "allowlist", egressHosts: ["*.github.com", "registry.npmjs.org"] },
    });
  });

  it("refuses an allow-list without hosts, and a host that is not a host name, beside the field", async () => {
    const admin = await administrator();
    const { id } = await createLocalRepository(admin.id);
    const asAdmin = createCaller({ user: admin });
    expect(
      await refusal(asAdmin.repository.updateSettings({ id, settings: { egressMode: "allowlist", egressHosts: [] } })),
    ).toMatchObject({
      appCode: "VALIDATION",
      fieldErrors: { egressHosts: ["List at least one host, or choose no network at all."] },
    });
    const bad = await refusal(
      asAdmin.repository.updateSettings({
        id,
        settings: { egressMode: "allowlist", egressHosts: ["https://evil.example/path"] },
      }),
    );
    expect(bad).toMatchObject({ code: "BAD_REQUEST" });
    expect(bad.message).toContain("is not a host name");
    expect(await asAdmin.repository.settings({ id })).toMatchObject({ egressMode: "public", egressHosts: [] });
  });

  it("reaches the sandboxes started after it changes, and the session says how they are sealed", async () => {
    const admin = await administrator();
    const { id } = await createLocalRepository(admin.id);
    await createCaller({ user: admin }).repository.updateSettings({
      id,
      settings: { egressMode: "allowlist", egressHosts: ["registry.npmjs.org"] },
    });
    const session = await createSession({ repositoryId: id, actor: asActor(admin) });
    const spec = await spawnedSpecFor(session.id);
    expect(spec.egress).toEqual({ mode: "allowlist", hosts: ["registry.npmjs.org"], internalNetworks: [] });

    const { seal } = await createCaller({ user: admin }).session.get({ sessionId: session.id });
    expect(seal).toMatchObject({
      egress: { mode: "allowlist", hosts: ["registry.npmjs.org"] },
      modelKeys: "brokered by the model gateway",
    });
  });
});
