// The GitHub token a person signs in with is stored sealed, opened only where Nightshift asks
// GitHub for them, sealed when an older plain one is read, and counts as none once the secrets key
// changed (the person signs in again).
import { randomBytes } from "node:crypto";
import { PrismaAdapter } from "@auth/prisma-adapter";
import { describe, expect, it } from "vitest";
import { githubTokenOf } from "@/server/auth/github-token";
import { sealingAdapter } from "@/server/auth/sealing-adapter";
import { getDb } from "@/server/db";
import { getEnv, parseEnv } from "@/server/env";
import { createUser, randomKey } from "../../factories";

const storedToken = async (userId: string) =>
  (await getDb().account.findFirstOrThrow({ where: { userId, provider: "github" } })).access_token;

describe("GitHub sign-in tokens", () => {
  it("are sealed when the account is linked, and opened for Nightshift's own calls", async () => {
    const user = await createUser();
    const token = `gho_${randomKey()}${randomKey()}`;
    const adapter = sealingAdapter(PrismaAdapter(getDb()), getEnv());
    await adapter.linkAccount!({
      userId: user.id,
      type: "oauth",
      provider: "github",
      providerAccountId: `linked-${randomKey()}`,
      access_token: token,
      token_type: "bearer",
      scope: "repo",
    });

    const stored = await storedToken(user.id);
    expect(stored).toMatch(/^v1:/);
    expect(stored).not.toContain(token);
    expect(await githubTokenOf(user.id)).toBe(token);
  });

  it("seals a token stored in plain text by an earlier version when it is read", async () => {
    const user = await createUser();
    const token = `gho_${randomKey()}`;
    await getDb().account.create({
      data: {
        userId: user.id,
        type: "oauth",
        provider: "github",
        providerAccountId: `plain-${randomKey()}`,
        access_token: token,
      },
    });
    expect(await githubTokenOf(user.id)).toBe(token);
    expect(await storedToken(user.id)).toMatch(/^v1:/);
    expect(await githubTokenOf(user.id)).toBe(token);
  });

  it("counts as none after the secrets key changed", async () => {
    const user = await createUser();
    const adapter = sealingAdapter(PrismaAdapter(getDb()), getEnv());
    await adapter.linkAccount!({
      userId: user.id,
      type: "oauth",
      provider: "github",
      providerAccountId: `rekeyed-${randomKey()}`,
      access_token: "gho_before_the_new_key",
    });
    const otherKey = parseEnv({ NIGHTSHIFT_SECRETS_KEY: randomBytes(32).toString("base64") });
    expect(await githubTokenOf(user.id, getDb(), otherKey)).toBeNull();
    expect(await githubTokenOf(user.id)).toBe("gho_before_the_new_key");
  });

  it("is not among the people without a GitHub sign-in", async () => {
    expect(await githubTokenOf((await createUser()).id)).toBeNull();
  });
});
