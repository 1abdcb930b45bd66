// Secrets through tRPC as the settings pages use them: paste a .env file, see what would be added
// and replaced, save, and afterwards see only names — values go in and never come out.
import { describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { createLocalRepository, createUser } from "../../factories";
import { refusal } from "../../support/refusal";

describe("secrets through tRPC", () => {
  it("previews a pasted .env by name, saves it, and lists names only", async () => {
    const ada = await createUser();
    const repository = await createLocalRepository(ada.id);
    const caller = createCaller({ user: ada });
    const scope = { repositoryId: repository.id };
    await caller.secret.save({ ...scope, text: "NPM_TOKEN=old-npm-value" });

    const text =
      "# pasted\nexport NPM_TOKEN='npm_new_value'\nDATABASE_URL=postgres://u:p=1@db/app\nsentry_dsn=\"https://k@sentry/1\"\n";
    expect(await caller.secret.preview({ ...scope, text })).toEqual({
      added: ["DATABASE_URL", "SENTRY_DSN"],
      replaced: ["NPM_TOKEN"],
    });
    expect(await caller.secret.list(scope)).toHaveLength(1);
    await caller.secret.save({ ...scope, text });

    const listed = await caller.secret.list(scope);
    expect(listed.map((secret) => secret.key)).toEqual(["DATABASE_URL", "NPM_TOKEN", "SENTRY_DSN"]);
    const everything = JSON.stringify([listed, await caller.secret.preview({ ...scope, text })]);
    for (const value of ["npm_new_value", "postgres://u:p=1@db/app", "https://k@sentry/1", "old-npm-value"])
      expect(everything).not.toContain(value);

    await caller.secret.remove({ ...scope, key: "sentry_dsn" });
    expect((await caller.secret.list(scope)).map((secret) => secret.key)).toEqual(["DATABASE_URL", "NPM_TOKEN"]);
  });

  it("says which lines of a paste are wrong, and refuses reserved names, saving nothing", async () => {
    const ada = await createUser();
    const repository = await createLocalRepository(ada.id);
    const caller = createCaller({ user: ada });
    expect(
      await refusal(caller.secret.preview({ repositoryId: repository.id, text: "GOOD=1\nnot an assignment\n" })),
    ).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { text: ["Line 2 is not KEY=value."] },
    });
    expect(
      await refusal(caller.secret.save({ repositoryId: repository.id, text: "HOME=/tmp\nOK=fine" })),
    ).toMatchObject({
      code: "BAD_REQUEST",
      message: "HOME is set by Nightshift in every sandbox and cannot be a secret.",
    });
    expect(await caller.secret.list({ repositoryId: repository.id })).toEqual([]);
    expect(await refusal(caller.secret.remove({ repositoryId: repository.id, key: "NOPE" }))).toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
