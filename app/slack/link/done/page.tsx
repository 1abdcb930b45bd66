// After a Slack account was linked.
import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Slack account linked" };

export default function SlackLinkedPage() {
  return (
    <main className="flex min-h-dvh items-center justify-center p-6">
      <div className="flex w-full max-w-md flex-col gap-4 rounded-lg border border-border bg-surface-raised p-8 shadow-sm">
        <h1 className="text-xl font-semibold">Your Slack account is linked</h1>
        <p className="text-sm">Go back to Slack and ask the bot again: it now works for you.</p>
        <Link href="/sessions" className="text-sm underline">
          Your sessions
        </Link>
      </div>
    </main>
  );
}
