// A Slack member's one-time link (docs/slack.md#linking-people): the signed-in person confirms
// that the Slack account that was given it is theirs.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SlackLinkForm } from "@/components/slack/slack-link-form";
import { getCurrentUser } from "@/server/auth";
import { pendingLink, slackMemberName } from "@/server/integrations/slack/people";

export const metadata: Metadata = { title: "Link your Slack account" };

export default async function SlackLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(`/slack/link/${token}`)}`);
  const link = await pendingLink(token);
  return (
    <main className="flex min-h-dvh items-center justify-center p-6">
      <div className="flex w-full max-w-md flex-col gap-4 rounded-lg border border-border bg-surface-raised p-8 shadow-sm">
        <h1 className="text-xl font-semibold">Link your Slack account</h1>
        {link ? (
          <>
            <p className="text-sm">
              The Slack member <strong>{await slackMemberName(link.slackUserId)}</strong> asked the Nightshift bot for
              work. Link them to you, <strong>{user.name ?? user.email}</strong>, and what they ask the bot runs as you:
              sessions in your name, with your repository permissions.
            </p>
            <p className="text-sm text-muted">Only link a Slack account that is yours.</p>
            <SlackLinkForm token={token} />
          </>
        ) : (
          <p role="alert" className="text-sm text-danger">
            This link has expired or was used already. Ask the bot again in Slack for a new one.
          </p>
        )}
      </div>
    </main>
  );
}
