import type { Metadata } from "next";
import Link from "next/link";
import { RepositoryImages } from "@/components/repositories/repository-images";
import { RepositorySettingsForm } from "@/components/repositories/repository-settings-form";
import { SecretsManager } from "@/components/settings/secrets-manager";

export const metadata: Metadata = { title: "Repository settings" };

export default async function RepositorySettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <div className="flex flex-col gap-12">
      <RepositorySettingsForm repositoryId={id} />
      <RepositoryImages repositoryId={id} />
      <section
        aria-labelledby="repository-secrets"
        className="flex max-w-2xl flex-col gap-4 border-t border-border pt-8"
      >
        <div>
          <h2 id="repository-secrets" className="text-lg font-semibold">
            Secrets
          </h2>
          <p className="text-sm text-muted">
            Environment variables for this repository&rsquo;s sandboxes. They win over{" "}
            <Link href="/settings/secrets" className="underline">
              global secrets
            </Link>{" "}
            of the same name.
          </p>
        </div>
        <SecretsManager repositoryId={id} headingLevel={3} />
      </section>
    </div>
  );
}
