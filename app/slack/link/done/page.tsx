// After a Slack account was linked.
import type { Metadata } from "next";
import { AccountLinkedPage } from "@/components/link/account-linked-page";

export const metadata: Metadata = { title: "Slack account linked" };

export default function SlackLinkedPage() {
  return <AccountLinkedPage kind="slack" />;
}
