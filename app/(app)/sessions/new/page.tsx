// Starts a session: repository, branch, model, reasoning effort and the first prompt.
import type { Metadata } from "next";
import { NewSessionForm } from "@/components/sessions/new-session-form";

export const metadata: Metadata = { title: "New session" };

type NewSessionPageProps = { searchParams: Promise<{ repositoryId?: string | string[] }> };

export default async function NewSessionPage({ searchParams }: NewSessionPageProps) {
  const { repositoryId } = await searchParams;
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-6">
      <div>
        <h1 className="text-xl font-semibold">New session</h1>
        <p className="text-sm text-muted">
          The agent works in a sandbox of its own; its page opens while the sandbox starts.
        </p>
      </div>
      <NewSessionForm initialRepositoryId={[repositoryId].flat()[0]} />
    </div>
  );
}
