// After a Linear account was linked.
import type { Metadata } from "next";
import { AccountLinkedPage } from "@/components/link/account-linked-page";

export const metadata: Metadata = { title: "Linear account linked" };

export default function LinearLinkedPage() {
  return <AccountLinkedPage kind="linear" />;
}
