// The page where a bot's one-time link is confirmed (docs/slack.md#linking-people,
// docs/linear.md#who-it-works-as): it names the account and asks the signed-in person to say it
// is theirs. Signed out, it goes through sign-in and comes back.
import { redirect } from "next/navigation";
import { AccountLinkForm } from "@/components/link/account-link-form";
import { getCurrentUser } from "@/server/auth";
import { type LinkedAccountKind, pendingLink } from "@/server/integrations/account-links";
import { slackMemberName } from "@/server/integrations/slack/people";

const WORDS = {
  slack: { app: "Slack", who: "Slack member", did: "asked the Nightshift bot for work", then: "what they ask the bot" },
  linear: {
    app: "Linear",
    who: "Linear user",
    did: "handed the Nightshift agent an issue",
    then: "the issues they hand the agent",
  },
} satisfies Record<LinkedAccountKind, Record<string, string>>;

export async function AccountLinkPage({ kind, token }: { kind: LinkedAccountKind; token: string }) {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(`/${kind}/link/${token}`)}`);
  const found = await pendingLink(token);
  const link = found?.kind === kind ? found : null;
  const words = WORDS[kind];
  const account = !link
    ? null
    : kind === "slack"
      ? await slackMemberName(link.externalUserId)
      : (link.displayName ?? link.externalUserId);
  return (
    <main className="flex min-h-dvh items-center justify-center p-6">
      <div className="flex w-full max-w-md flex-col gap-4 rounded-lg border border-border bg-surface-raised p-8 shadow-sm">
        <h1 className="text-xl font-semibold">Link your {words.app} account</h1>
        {link ? (
          <>
            <p className="text-sm">
              The {words.who} <strong>{account}</strong> {words.did}. Link them to you,{" "}
              <strong>{user.name ?? user.email}</strong>, and {words.then} run as you: sessions in your name, with your
              repository permissions.
            </p>
            <p className="text-sm text-muted">Only link a {words.app} account that is yours.</p>
            <AccountLinkForm kind={kind} token={token} label={`Link this ${words.app} account to me`} />
          </>
        ) : (
          <p role="alert" className="text-sm text-danger">
            This link has expired or was used already. Ask the bot again in {words.app} for a new one.
          </p>
        )}
      </div>
    </main>
  );
}
