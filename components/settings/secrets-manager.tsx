"use client";

// The secrets of one scope — the global ones, or a repository's — as people manage them: the names
// saved, each removable, and a pasted .env file previewed by name before it is saved. Values go
// in and are never shown again. Native controls throughout, so all of it works by keyboard.
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/lib/trpc/errors";
import { PasteSecretsForm } from "./paste-secrets-form";
import { SecretList } from "./secret-list";

export type SecretsScope = { repositoryId: string | null };
export type HeadingLevel = 2 | 3;

export function SecretsManager({ repositoryId, headingLevel }: { repositoryId?: string; headingLevel: HeadingLevel }) {
  const trpc = useTRPC();
  const scope: SecretsScope = { repositoryId: repositoryId ?? null };
  const secrets = useQuery(trpc.secret.list.queryOptions(scope));
  if (secrets.isError) {
    return (
      <p role="alert" className="text-sm text-danger">
        Could not load the secrets: {errorMessage(secrets.error)}
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-8">
      <SecretList scope={scope} secrets={secrets.data} headingLevel={headingLevel} />
      <PasteSecretsForm scope={scope} headingLevel={headingLevel} />
    </div>
  );
}
