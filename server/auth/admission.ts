// The admission list: who may sign in to this Nightshift. With no list configured, everyone
// who can sign in is admitted; otherwise a person is admitted when their email, their email's
// domain, or one of their GitHub organisations is listed.
export type AdmissionList = {
  emails: string[];
  emailDomains: string[];
  githubOrgs: string[];
};

export type AdmissionCandidate = {
  email: string | null | undefined;
  /** GitHub organisation logins, when signing in with GitHub. */
  githubOrgs?: string[];
};

export type AdmissionDecision = { isAdmitted: true } | { isAdmitted: false; reason: string };

export function isAdmissionListEmpty(list: AdmissionList): boolean {
  return list.emails.length + list.emailDomains.length + list.githubOrgs.length === 0;
}

export function checkAdmission(candidate: AdmissionCandidate, list: AdmissionList): AdmissionDecision {
  if (isAdmissionListEmpty(list)) return { isAdmitted: true };
  const email = candidate.email?.trim().toLowerCase();
  if (email && list.emails.includes(email)) return { isAdmitted: true };
  const domain = email?.split("@")[1];
  if (domain && list.emailDomains.includes(domain)) return { isAdmitted: true };
  const orgs = (candidate.githubOrgs ?? []).map((org) => org.toLowerCase());
  if (orgs.some((org) => list.githubOrgs.includes(org))) return { isAdmitted: true };

  const accepted = [
    list.emails.length > 0 ? "listed email addresses" : undefined,
    list.emailDomains.length > 0 ? `email addresses at ${list.emailDomains.join(", ")}` : undefined,
    list.githubOrgs.length > 0
      ? `members of the GitHub organisation${list.githubOrgs.length > 1 ? "s" : ""} ${list.githubOrgs.join(", ")}`
      : undefined,
  ].filter(Boolean);
  return {
    isAdmitted: false,
    reason: `${email ?? "This account"} is not admitted to this Nightshift. It admits ${accepted.join(", or ")}.`,
  };
}
