"use client";

// Warming on the new-session page: once a repository is chosen and the first prompt has its first
// character, a session and its sandbox are prepared (session.prepare), and the form sends the
// prepared session's id with the prompt so that the session opened is that one, its sandbox
// already booting or booted. Another repository or branch prepares again (the earlier is
// discarded by the server); a prepared session is kept warm while typing goes on. Failing to
// prepare costs nothing but the head start. docs/sessions.md#warming.
import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "@/lib/trpc/client";

/** Prepared again after this long of typing, before the server's 10 minutes run out. */
const REFRESH_MS = 5 * 60_000;

export function usePreparedSession(options: {
  repositoryId: string;
  branch: string | null;
  isTyping: boolean;
}): string | undefined {
  const trpc = useTRPC();
  const prepare = useMutation(trpc.session.prepare.mutationOptions());
  const [prepared, setPrepared] = useState<{ key: string; id: string } | null>(null);
  const last = useRef<{ key: string; at: number } | null>(null);
  const key = `${options.repositoryId}\n${options.branch ?? ""}`;
  const { mutate } = prepare;

  useEffect(() => {
    if (!options.isTyping || !options.repositoryId) return;
    if (last.current?.key === key && Date.now() - last.current.at < REFRESH_MS) return;
    last.current = { key, at: Date.now() };
    mutate(
      { repositoryId: options.repositoryId, baseBranch: options.branch ?? undefined },
      { onSuccess: ({ preparedSessionId }) => setPrepared({ key, id: preparedSessionId }) },
    );
  }, [key, options.isTyping, options.repositoryId, options.branch, mutate]);

  return prepared?.key === key ? prepared.id : undefined;
}
