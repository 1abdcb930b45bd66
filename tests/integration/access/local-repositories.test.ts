// Local repositories beside GitHub: with a GitHub App configured, adding one by path is refused,
// saying why, until an administrator allows it; only an administrator may. The setting is
// global state of the shared test database, so it is changed inside a transaction that is
// rolled back.
import { describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { getDb } from "@/server/db";
import { addLocalRepository } from "@/server/repositories/add-local-repository";
import { updateInstanceSettings } from "@/server/settings/instance-settings";
import { administrator, asActor, createGitRepository, createUser } from "../../factories";
import { withFakeGithubApp } from "../../support/github-app";
import { refusal } from "../../support/refusal";

withFakeGithubApp();

class RolledBack extends Error {}
/** Prisma ends an interactive transaction after 5 s; git and a busy machine can take longer. */
const TRANSACTION = { timeout: 60_000, maxWait: 30_000 };

describe("local repositories beside a GitHub App", () => {
  it("are refused by default, through tRPC and the public API's service alike, adding nothing", async () => {
    const ada = await createUser();
    const path = await createGitRepository();
    const refused = await refusal(createCaller({ user: ada }).repository.addLocal({ path }));
    expect(refused).toMatchObject({
      code: "FORBIDDEN",
      message:
        "Local repositories are turned off because a GitHub App is configured: repositories come from its installations. An administrator can allow local repositories beside GitHub in Settings.",
    });
    expect(await getDb().repository.count({ where: { provider: "local", externalId: path } })).toBe(0);
    const settings = await createCaller({ user: ada }).settings.get();
    expect(settings).toMatchObject({ codeHost: "github", localRepositories: { isAllowed: false }, canChange: false });
  });

  it("can be allowed by an administrator only, and then anyone signed in adds one", async () => {
    const [ada, admin] = [await createUser(), await administrator()];
    expect(
      await refusal(createCaller({ user: ada }).settings.update({ localRepositoriesWithGithub: true })),
    ).toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("Only an administrator can change Nightshift's settings"),
    });

    const path = await createGitRepository({ name: "beside-github" });
    await getDb()
      .$transaction(async (tx) => {
        const view = await updateInstanceSettings(
          { actor: asActor(admin), settings: { localRepositoriesWithGithub: true } },
          tx,
        );
        expect(view).toMatchObject({ localRepositories: { isAllowed: true, reason: null }, canChange: true });
        const added = await addLocalRepository({ path, actor: asActor(ada) }, tx);
        expect(added).toMatchObject({ provider: "local", name: "beside-github", addedBy: { id: ada.id } });
        throw new RolledBack();
      }, TRANSACTION)
      .catch((error: unknown) => {
        if (!(error instanceof RolledBack)) throw error;
      });
  });
});
