import { describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { administrator, createGitRepository, createUser } from "../../factories";
import { refusal } from "../../support/refusal";

describe("removing a repository", () => {
  it("lets the person who added it remove it from everyone's list, leaves the files alone, and says so when it is already gone", async () => {
    const ada = createCaller({ user: await createUser() });
    const grace = createCaller({ user: await createUser() });
    const dir = await createGitRepository();
    const added = await ada.repository.addLocal({ path: dir });

    await ada.repository.remove({ id: added.id });

    expect((await grace.repository.list()).map((repository) => repository.id)).not.toContain(added.id);
    expect(await refusal(ada.repository.remove({ id: added.id }))).toMatchObject({ code: "NOT_FOUND" });
    // The repository can be added again afterwards.
    await expect(ada.repository.addLocal({ path: dir })).resolves.toMatchObject({ provider: "local" });
  });

  it("refuses anyone else but an administrator", async () => {
    const ada = createCaller({ user: await createUser() });
    const grace = createCaller({ user: await createUser() });
    const admin = createCaller({ user: await administrator() });
    const added = await ada.repository.addLocal({ path: await createGitRepository() });

    expect(await refusal(grace.repository.remove({ id: added.id }))).toMatchObject({
      code: "FORBIDDEN",
      message: "Only an administrator, or the person who added it, can remove a repository.",
    });
    expect((await grace.repository.list()).map((repository) => repository.id)).toContain(added.id);
    await admin.repository.remove({ id: added.id });
    expect((await grace.repository.list()).map((repository) => repository.id)).not.toContain(added.id);
  });
});
