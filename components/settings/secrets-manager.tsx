"use client";

// The secrets of one scope — the global ones, or a repository's — as people manage them: the names
// saved, each removable, and a pasted .env file previewed by name before it is saved. Values go
// in and are never shown again. Native controls throughout, so all of it works by keyboard. The
// global ones are the administrators' to change: others see their names only.
import { useQuery } from "@tanstack/react-query";
import { useInstanceSettings } from "@/lib/settings/use-instance-settings";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import { AdministratorsNote } from "./administrators-note";
import { PasteSecretsForm } from "./paste-secrets-form";
import { SecretList } from "./secret-list";

export type SecretsScope = { repositoryId: string | null };
export type HeadingLevel = 2 | 3;

export function SecretsManager({ repositoryId, headingLevel }: { repositoryId?: string; headingLevel: HeadingLevel }) {
  const trpc = useTRPC();
  const scope: SecretsScope = { repositoryId: repositoryId ?? null };
  const secrets = useQuery(trpc.secret.list.queryOptions(scope));
  const settings = useInstanceSettings();
  // A repository's secrets reach this page only for those who may write to it.
  const canChange = scope.repositoryId !== null || settings.data?.canChange === true;
  if (secrets.isError) {
    return (
      <p role="alert" className="text-sm text-danger">
        Could not load the secrets: {errorMessage(secrets.error)}
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-8">
      {!canChange && settings.data ? <AdministratorsNote view={settings.data} what="the global secrets" /> : null}
      <SecretList scope={scope} secrets={secrets.data} headingLevel={headingLevel} canChange={canChange} />
      {canChange ? <PasteSecretsForm scope={scope} headingLevel={headingLevel} /> : null}
    </div>
  );
}
