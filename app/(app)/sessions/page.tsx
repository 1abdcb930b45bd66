// The sessions list: mine or everyone's, active or archived, searchable.
import type { Metadata } from "next";
import { SessionsList } from "@/components/sessions/sessions-list";
import { parseSessionFilters } from "@/components/sessions/sessions-list-params";

export const metadata: Metadata = { title: "Sessions" };

type SessionsPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SessionsPage({ searchParams }: SessionsPageProps) {
  return <SessionsList initialFilters={parseSessionFilters(await searchParams)} />;
}
