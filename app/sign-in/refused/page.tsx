import type { Metadata } from "next";
import Link from "next/link";
import { admissionList } from "@/server/auth/config";
import { checkAdmission } from "@/server/auth/admission";
import { getEnv } from "@/server/env";

export const metadata: Metadata = { title: "Not admitted" };

type RefusedPageProps = { searchParams: Promise<{ email?: string }> };

export default async function RefusedPage({ searchParams }: RefusedPageProps) {
  const { email } = await searchParams;
  const decision = checkAdmission({ email }, admissionList(getEnv()));
  const reason = decision.isAdmitted ? undefined : decision.reason;
  return (
    <main className="flex min-h-dvh items-center justify-center p-6">
      <div className="flex w-full max-w-md flex-col gap-4 rounded-lg border border-border bg-surface-raised p-8 shadow-sm">
        <h1 className="text-xl font-semibold">You are not admitted to this Nightshift</h1>
        <p className="text-sm">{reason ?? "This account is not on the admission list."}</p>
        <p className="text-sm text-muted">
          Ask whoever runs this Nightshift to add your email address, your email domain or your GitHub organisation to
          its admission list, then sign in again.
        </p>
        <Link href="/sign-in" className="text-sm font-medium text-accent underline-offset-4 hover:underline">
          Back to sign-in
        </Link>
      </div>
    </main>
  );
}
