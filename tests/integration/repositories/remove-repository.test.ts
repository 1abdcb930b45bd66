import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { createGitRepository, createUser } from "../../factories";

describe("removing a repository", () => {
  it("removes it from everyone's list, leaves the files alone, and says so when it is already gone", async () => {
    const ada = createCaller({ user: await createUser() });
    const grace = createCaller({ user: await createUser() });
    const dir = await createGitRepository();
    const added = await ada.repository.addLocal({ path: dir });

    await grace.repository.remove({ id: added.id });

    expect((await ada.repository.list()).map((repository) => repository.id)).not.toContain(added.id);
    const again = await grace.repository.remove({ id: added.id }).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(TRPCError);
    expect((again as TRPCError).code).toBe("NOT_FOUND");
    // The repository can be added again afterwards.
    await expect(ada.repository.addLocal({ path: dir })).resolves.toMatchObject({ provider: "local" });
  });
});
