// Administrators: named by NIGHTSHIFT_ADMINS (emails or GitHub logins, any case), else — with the
// development sign-in — the first person to sign in; with GitHub sign-in and nobody named, nobody.
// The first-sign-in claim is global state of the shared test database, so it is tried inside a
// transaction that is rolled back.
import { describe, expect, it } from "vitest";
import { actorFor } from "@/server/access/actor";
import { administratorsSource, claimFirstAdministrator, listAdministrators } from "@/server/access/administrators";
import { getDb } from "@/server/db";
import { parseEnv } from "@/server/env";
import { createUser, randomKey } from "../../factories";

const devEnv = (admins?: string) => parseEnv({ NIGHTSHIFT_ADMINS: admins });
const githubEnv = (admins?: string) =>
  parseEnv({ GITHUB_CLIENT_ID: "client", GITHUB_CLIENT_SECRET: "secret", NIGHTSHIFT_ADMINS: admins });

class RolledBack extends Error {}
/** Prisma ends an interactive transaction after 5 s; git and a busy machine can take longer. */
const TRANSACTION = { timeout: 60_000, maxWait: 30_000 };

/** Runs `work` in a transaction that is always undone. */
async function undone(work: Parameters<ReturnType<typeof getDb>["$transaction"]>[0]): Promise<void> {
  await getDb()
    .$transaction(async (tx) => {
      await work(tx);
      throw new RolledBack();
    }, TRANSACTION)
    .catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
}

describe("administrators", () => {
  it("are the people NIGHTSHIFT_ADMINS names, by email or GitHub login, in any case", () => {
    const env = devEnv(" Ada@Example.com , @grace-hopper ");
    expect(administratorsSource(env)).toBe("configured");
    expect(actorFor({ id: "a", email: "ada@example.com", githubLogin: null }, env).isAdmin).toBe(true);
    expect(actorFor({ id: "g", email: null, githubLogin: "Grace-Hopper" }, env).isAdmin).toBe(true);
    expect(actorFor({ id: "b", email: "bob@example.com", githubLogin: "bob" }, env).isAdmin).toBe(false);
    // Named people win over whoever signed in first.
    expect(
      actorFor({ id: "f", email: "first@example.com", githubLogin: null, claimedAdminAt: new Date() }, env),
    ).toEqual({
      id: "f",
      isAdmin: false,
    });
  });

  it("with the development sign-in and nobody named: the first person to sign in, once", async () => {
    const env = devEnv();
    const [first, second] = [await createUser(), await createUser()];
    await undone(async (tx) => {
      await tx.user.updateMany({ where: { claimedAdminAt: { not: null } }, data: { claimedAdminAt: null } });
      expect(await claimFirstAdministrator(first.id, tx, env)).toBe(true);
      expect(await claimFirstAdministrator(second.id, tx, env)).toBe(false);
      expect(await claimFirstAdministrator(first.id, tx, env)).toBe(false);
      const rows = await tx.user.findMany({ where: { id: { in: [first.id, second.id] } } });
      const actor = (id: string) =>
        actorFor(
          rows.find((row) => row.id === id)!,
          env,
        );
      expect([actor(first.id).isAdmin, actor(second.id).isAdmin]).toEqual([true, false]);
      expect((await listAdministrators(tx, env)).people.map((person) => person.id)).toEqual([first.id]);
    });
  });

  it("with GitHub sign-in and nobody named: nobody, and signing in first changes nothing", async () => {
    const env = githubEnv();
    expect(administratorsSource(env)).toBe("none");
    const user = await createUser();
    await undone(async (tx) => {
      await tx.user.updateMany({ where: { claimedAdminAt: { not: null } }, data: { claimedAdminAt: null } });
      expect(await claimFirstAdministrator(user.id, tx, env)).toBe(false);
      expect(await tx.user.count({ where: { claimedAdminAt: { not: null } } })).toBe(0);
    });
    const named = githubEnv(`login-${randomKey()}`);
    expect(administratorsSource(named)).toBe("configured");
    expect(await claimFirstAdministrator(user.id, getDb(), named)).toBe(false);
  });
});
