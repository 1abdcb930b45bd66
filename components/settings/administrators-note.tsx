"use client";

// Said where a non-administrator sees global settings they cannot change: who can.
import Link from "next/link";
import type { InstanceSettingsView } from "@/server/settings/instance-settings";

export function AdministratorsNote({ view, what }: { view: InstanceSettingsView; what: string }) {
  return (
    <p role="note" className="rounded-md border border-border bg-surface-raised px-4 py-3 text-sm text-muted">
      Only administrators change {what}. <AdministratorsSentence view={view} />{" "}
      <Link href="/settings/general" className="underline">
        Settings
      </Link>{" "}
      lists them.
    </p>
  );
}

export function AdministratorsSentence({ view }: { view: InstanceSettingsView }) {
  const { administrators } = view;
  const names = administrators.people.map((person) => person.name ?? person.email ?? person.githubLogin).join(", ");
  if (administrators.source === "configured") {
    return <>Administrators are the people NIGHTSHIFT_ADMINS names{names ? ` (${names})` : ""}.</>;
  }
  if (administrators.source === "first-sign-in") {
    return <>The administrator is the first person who signed in{names ? ` (${names})` : ""}.</>;
  }
  return <>This Nightshift has no administrator yet: its operator names them in NIGHTSHIFT_ADMINS.</>;
}
