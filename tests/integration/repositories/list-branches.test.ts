import { rm } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { getDb } from "@/server/db";
import type { CurrentUser } from "@/server/users/get-user";
import { createLocalRepository, createUser } from "../../factories";
import { refusal } from "../../support/refusal";

let ada: CurrentUser;
beforeAll(async () => {
  ada = await createUser({ name: "Ada" });
});

describe("listing a repository's branches", () => {
  it("lists a local repository's branches, the default branch first and the others by name", async () => {
    const repository = await createLocalRepository(ada.id, {
      branch: "trunk",
      branches: ["release/1.0", "add-parser", "zeta"],
    });

    const listed = await createCaller({ user: ada }).repository.branches({ id: repository.id });

    expect(listed).toEqual({
      defaultBranch: "trunk",
      defaultBaseBranch: "trunk",
      branches: ["trunk", "add-parser", "release/1.0", "zeta"],
    });
  });

  it("names a branch exactly even when a tag has the same name", async () => {
    const repository = await createLocalRepository(ada.id, { branches: ["v1"] });
    const { git } = await import("../../factories");
    const { externalId } = await getDb().repository.findUniqueOrThrow({
      where: { id: repository.id },
      select: { externalId: true },
    });
    git(externalId, "tag", "v1");

    expect((await createCaller({ user: ada }).repository.branches({ id: repository.id })).branches).toEqual([
      "main",
      "v1",
    ]);
  });

  it("refuses an unknown repository, and says so when the repository is gone from disk", async () => {
    const caller = createCaller({ user: ada });
    expect(await refusal(caller.repository.branches({ id: "missing" }))).toMatchObject({ code: "NOT_FOUND" });

    const repository = await createLocalRepository(ada.id, { name: "vanished" });
    const { externalId } = await getDb().repository.findUniqueOrThrow({
      where: { id: repository.id },
      select: { externalId: true },
    });
    await rm(externalId, { recursive: true, force: true });

    expect(await refusal(caller.repository.branches({ id: repository.id }))).toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      message: `Could not read the branches of vanished: git cannot open ${externalId}.`,
    });
  });

  it("is for signed-in people only", async () => {
    expect((await refusal(createCaller({ user: null }).repository.branches({ id: "any" }))).code).toBe("UNAUTHORIZED");
  });
});
