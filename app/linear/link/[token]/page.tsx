// A Linear user's one-time link (docs/linear.md#who-it-works-as): the signed-in person confirms
// that the Linear account that was given it is theirs.
import type { Metadata } from "next";
import { AccountLinkPage } from "@/components/link/account-link-page";

export const metadata: Metadata = { title: "Link your Linear account" };

export default async function LinearLinkPage({ params }: { params: Promise<{ token: string }> }) {
  return <AccountLinkPage kind="linear" token={(await params).token} />;
}
