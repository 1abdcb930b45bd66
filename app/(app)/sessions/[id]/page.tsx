import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SessionView } from "@/components/sessions/session-page/session-view";
import { getCurrentUser } from "@/server/auth";

export const metadata: Metadata = { title: "Session" };

export default async function SessionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return <SessionView sessionId={id} me={{ id: user.id }} />;
}
