import type { Metadata } from "next";
import { RepositorySettingsForm } from "@/components/repositories/repository-settings-form";

export const metadata: Metadata = { title: "Repository settings" };

export default async function RepositorySettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RepositorySettingsForm repositoryId={id} />;
}
