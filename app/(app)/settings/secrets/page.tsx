import type { Metadata } from "next";
import Link from "next/link";
import { SecretsManager } from "@/components/settings/secrets-manager";

export const metadata: Metadata = { title: "Secrets" };

// The global secrets: every sandbox gets them; a repository's own, on its settings page, win.
export default function SecretsPage() {
  return (
    <div className="flex max-w-2xl flex-col gap-8">
      <div>
        <h1 className="text-xl font-semibold">Secrets</h1>
        <p className="text-sm text-muted">
          Environment variables every sandbox gets, such as a package registry token. A repository&rsquo;s own secrets,
          set in its settings under{" "}
          <Link href="/repositories" className="underline">
            Repositories
          </Link>
          , win over these.
        </p>
      </div>
      <SecretsManager headingLevel={2} />
    </div>
  );
}
