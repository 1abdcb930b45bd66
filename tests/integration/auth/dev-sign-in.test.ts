import { describe, expect, it } from "vitest";
import type { AdmissionList } from "@/server/auth/admission";
import { authorizeDevSignIn, InvalidDevSignIn, NotAdmitted } from "@/server/auth/dev-sign-in";
import { getDb } from "@/server/db";
import { randomKey } from "../../factories";

const open: AdmissionList = { emails: [], emailDomains: [], githubOrgs: [] };

describe("the development sign-in", () => {
  it("creates the user on first sign-in and finds the same user, by email in any case, afterwards", async () => {
    const email = `ada-${randomKey()}@example.com`;
    const first = await authorizeDevSignIn({ name: "Ada", email }, open);
    const again = await authorizeDevSignIn({ name: "Ada Lovelace", email: email.toUpperCase() }, open);

    expect(again.id).toBe(first.id);
    expect(again).toMatchObject({ email, name: "Ada Lovelace" });
  });

  it("refuses someone the admission list does not admit, and stores nothing about them", async () => {
    const email = `mallory-${randomKey()}@elsewhere.test`;
    const list: AdmissionList = { emails: [], emailDomains: ["example.com"], githubOrgs: [] };

    await expect(authorizeDevSignIn({ name: "Mallory", email }, list)).rejects.toBeInstanceOf(NotAdmitted);
    expect(await getDb().user.count({ where: { email } })).toBe(0);
    await expect(
      authorizeDevSignIn({ name: "Ada", email: `ada-${randomKey()}@example.com` }, list),
    ).resolves.toMatchObject({ name: "Ada" });
  });

  it("refuses a missing name or a malformed email", async () => {
    await expect(authorizeDevSignIn({ name: "", email: "ada@example.com" }, open)).rejects.toBeInstanceOf(
      InvalidDevSignIn,
    );
    await expect(authorizeDevSignIn({ name: "Ada", email: "not-an-email" }, open)).rejects.toBeInstanceOf(
      InvalidDevSignIn,
    );
  });
});
