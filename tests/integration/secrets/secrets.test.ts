// Secrets in the database: sealed at rest, merged global-then-repository for a sandbox, and
// every limit and reserved name refused with its reason, saving nothing.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { deleteSecret, listSecrets, previewSecrets, secretsForSandbox, setSecrets } from "@/server/secrets/secrets";
import { createLocalRepository, createUser } from "../../factories";

async function repositoryScope() {
  const user = await createUser();
  const repository = await createLocalRepository(user.id);
  return { user, repositoryId: repository.id, ref: { scope: "repository" as const, repositoryId: repository.id } };
}

const refusalOf = (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (error: { code: string; fieldErrors?: { secrets?: string[] } }) => ({
      code: error.code,
      problems: error.fieldErrors?.secrets,
    }),
  );

describe("secrets", () => {
  it("seal values at rest, list only names, and give a repository's sandboxes its own over the global ones", async () => {
    const { user, repositoryId, ref } = await repositoryScope();
    const globalKey = `SHARED_${randomBytes(3).toString("hex").toUpperCase()}`;
    await setSecrets({
      ref: { scope: "global" },
      changes: [{ key: globalKey, value: "from-global" }],
      actorId: user.id,
    });
    await setSecrets({
      ref,
      changes: [
        { key: "npm_token", value: "npm_repo_value" },
        { key: globalKey, value: "from-repository" },
      ],
      actorId: user.id,
    });

    const stored = await getDb().secret.findFirstOrThrow({ where: { scopeId: repositoryId, key: "NPM_TOKEN" } });
    expect(stored.sealedValue).not.toContain("npm_repo_value");
    expect(await listSecrets(ref)).toEqual([
      {
        key: "NPM_TOKEN",
        scope: "repository",
        updatedAt: expect.any(Date),
        updatedBy: { id: user.id, name: user.name },
      },
      { key: globalKey, scope: "repository", updatedAt: expect.any(Date), updatedBy: { id: user.id, name: user.name } },
    ]);
    const values = await secretsForSandbox(repositoryId);
    expect(values).toMatchObject({ NPM_TOKEN: "npm_repo_value", [globalKey]: "from-repository" });
    const other = await repositoryScope();
    expect((await secretsForSandbox(other.repositoryId))[globalKey]).toBe("from-global");

    expect(
      await previewSecrets(ref, [
        { key: "NPM_TOKEN", value: "new" },
        { key: "EXTRA", value: "x" },
      ]),
    ).toEqual({ added: ["EXTRA"], replaced: ["NPM_TOKEN"] });
    await deleteSecret(ref, "npm_token");
    expect((await listSecrets(ref)).map((secret) => secret.key)).toEqual([globalKey]);
    await deleteSecret({ scope: "global" }, globalKey);
  });

  it("refuse a value altered in the database rather than inject garbage", async () => {
    const { user, repositoryId, ref } = await repositoryScope();
    await setSecrets({ ref, changes: [{ key: "API_KEY", value: "abcdef123456" }], actorId: user.id });
    const row = await getDb().secret.findFirstOrThrow({ where: { scopeId: repositoryId } });
    const [version, iv, body] = row.sealedValue.split(":") as [string, string, string];
    const bytes = Buffer.from(body, "base64");
    bytes[0] = bytes[0]! ^ 0xff;
    await getDb().secret.update({
      where: { id: row.id },
      data: { sealedValue: `${version}:${iv}:${bytes.toString("base64")}` },
    });
    await expect(secretsForSandbox(repositoryId)).rejects.toThrow(/could not be decrypted: it was altered/);
  });

  it("refuse bad names, reserved names and every limit with their reasons, saving nothing", async () => {
    const { user, ref } = await repositoryScope();
    const save = (changes: Array<{ key: string; value: string }>) =>
      refusalOf(setSecrets({ ref, changes, actorId: user.id }));
    expect(
      await save([
        { key: "1ABC", value: "x" },
        { key: "PATH", value: "/evil" },
        { key: "nightshift_sandbox_token", value: "x" },
      ]),
    ).toEqual({
      code: "VALIDATION",
      problems: [
        "1ABC is not an environment variable name: letters, digits and _, not starting with a digit.",
        "PATH is set by Nightshift in every sandbox and cannot be a secret.",
        "NIGHTSHIFT_SANDBOX_TOKEN is set by Nightshift in every sandbox and cannot be a secret.",
      ],
    });
    expect(await save([{ key: "BIG", value: "x".repeat(16 * 1024 + 1) }])).toEqual({
      code: "VALIDATION",
      problems: ["BIG: a value can be at most 16 KB (16,384 bytes); this one is 16,385 bytes."],
    });
    const fiftyOne = Array.from({ length: 51 }, (_, index) => ({ key: `KEY_${index}`, value: "v" }));
    expect(await save(fiftyOne)).toEqual({
      code: "VALIDATION",
      problems: ["A scope can hold at most 50 secrets; this would make 51."],
    });
    const five = Array.from({ length: 5 }, (_, index) => ({ key: `CHUNK_${index}`, value: "x".repeat(15 * 1024) }));
    expect(await save(five)).toEqual({
      code: "VALIDATION",
      problems: ["A scope's values can total at most 64 KB (65,536 bytes); this would make 76,800 bytes."],
    });
    expect(await listSecrets(ref)).toEqual([]);
  });
});
