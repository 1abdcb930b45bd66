"use client";

// Warming on the new-session page: once a repository is chosen and the first prompt has its first
// character, a session and its sandbox are prepared (session.prepare), and the form sends the
// prepared session's id with the prompt so that the session opened is that one, its sandbox
// already booting or booted. Another repository or branch prepares again (the earlier is
// discarded by the server); a prepared session is kept warm while the page stays open with a
// prompt in it, for half an hour at most. Failing to prepare costs nothing but the head start.
// docs/sessions.md#warming.
import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "@/lib/trpc/client";

/** Prepared again this often, before the server's 10 minutes run out. */
const REFRESH_MS = 5 * 60_000;
const MAX_REFRESHES = 6;

export function usePreparedSession(options: {
  repositoryId: string;
  branch: string | null;
  isTyping: boolean;
}): string | undefined {
  const trpc = useTRPC();
  const { mutate } = useMutation(trpc.session.prepare.mutationOptions());
  const [prepared, setPrepared] = useState<{ key: string; id: string } | null>(null);
  const key = `${options.repositoryId}\n${options.branch ?? ""}`;
  const { repositoryId, branch, isTyping } = options;

  useEffect(() => {
    if (!isTyping || !repositoryId) return;
    let rounds = 0;
    const prepare = () =>
      mutate(
        { repositoryId, baseBranch: branch ?? undefined },
        { onSuccess: ({ preparedSessionId }) => setPrepared({ key, id: preparedSessionId }) },
      );
    prepare();
    // Kept warm while the page stays open with a prompt in it, for half an hour at most.
    const timer = setInterval(() => {
      if (++rounds >= MAX_REFRESHES) clearInterval(timer);
      prepare();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [key, isTyping, repositoryId, branch, mutate]);

  return prepared?.key === key ? prepared.id : undefined;
}
