import { describe, expect, it } from "vitest";
import { type AdmissionList, checkAdmission } from "@/server/auth/admission";

const none: AdmissionList = { emails: [], emailDomains: [], githubOrgs: [] };

describe("the admission list", () => {
  it("admits everyone when nothing is listed", () => {
    expect(checkAdmission({ email: "anyone@anywhere.test" }, none)).toEqual({ isAdmitted: true });
  });

  it("admits listed emails, listed domains and members of listed organisations, in any case", () => {
    const list: AdmissionList = { emails: ["ada@example.com"], emailDomains: ["acme.test"], githubOrgs: ["acme"] };
    expect(checkAdmission({ email: "ADA@example.com" }, list).isAdmitted).toBe(true);
    expect(checkAdmission({ email: "grace@acme.test" }, list).isAdmitted).toBe(true);
    expect(checkAdmission({ email: null, githubOrgs: ["other", "ACME"] }, list).isAdmitted).toBe(true);
  });

  it("refuses everyone else, saying what it admits", () => {
    const list: AdmissionList = { emails: [], emailDomains: ["acme.test"], githubOrgs: ["acme"] };
    const decision = checkAdmission({ email: "mallory@acme.test.evil", githubOrgs: ["evil"] }, list);
    expect(decision).toEqual({
      isAdmitted: false,
      reason:
        "mallory@acme.test.evil is not admitted to this Nightshift. It admits email addresses at acme.test, or members of the GitHub organisation acme.",
    });
  });
});
