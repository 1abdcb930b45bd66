// A Slack member's one-time link (docs/slack.md#linking-people): the signed-in person confirms
// that the Slack account that was given it is theirs.
import type { Metadata } from "next";
import { AccountLinkPage } from "@/components/link/account-link-page";

export const metadata: Metadata = { title: "Link your Slack account" };

export default async function SlackLinkPage({ params }: { params: Promise<{ token: string }> }) {
  return <AccountLinkPage kind="slack" token={(await params).token} />;
}
