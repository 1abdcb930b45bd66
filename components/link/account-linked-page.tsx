// After a bot's one-time link was confirmed.
import Link from "next/link";
import type { LinkedAccountKind } from "@/server/integrations/account-links";

const AGAIN = {
  slack: { app: "Slack", again: "Go back to Slack and ask the bot again: it now works for you." },
  linear: { app: "Linear", again: "Go back to Linear and hand the agent the issue again: it now works for you." },
} satisfies Record<LinkedAccountKind, { app: string; again: string }>;

export function AccountLinkedPage({ kind }: { kind: LinkedAccountKind }) {
  return (
    <main className="flex min-h-dvh items-center justify-center p-6">
      <div className="flex w-full max-w-md flex-col gap-4 rounded-lg border border-border bg-surface-raised p-8 shadow-sm">
        <h1 className="text-xl font-semibold">Your {AGAIN[kind].app} account is linked</h1>
        <p className="text-sm">{AGAIN[kind].again}</p>
        <Link href="/sessions" className="text-sm underline">
          Your sessions
        </Link>
      </div>
    </main>
  );
}
