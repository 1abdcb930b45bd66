"use client";

// Warming on the new-session page: once a repository is chosen and the first prompt has its first
// character, a session and its sandbox are prepared (session.prepare), and the form sends the
// prepared session's id with the prompt so that the session opened is that one, its sandbox
// already booting or booted. Another repository or branch prepares again (the earlier is
// discarded by the server); a prepared session is kept warm while the page stays open with a
// prompt in it, for half an hour at most. Failing to prepare costs nothing but the head start.
// docs/sessions.md#warming.
import { useMutation } from "@tanstack/react-query";
import { useCallback, useEffect, useRef } from "react";
import { useTRPC } from "@/lib/trpc/client";

/** Prepared again this often, before the server's 10 minutes run out. */
const REFRESH_MS = 5 * 60_000;
const MAX_REFRESHES = 6;
/** How long sending the form waits for a preparation still on its way before going without it. */
const SUBMIT_WAIT_MS = 5_000;

type Preparation = { key: string; id: Promise<string | undefined> };

/**
 * Returns what to send with the form: the prepared session's id for the repository and branch
 * chosen now — waiting for a preparation still on its way (a prompt pasted and sent at once), for
 * a few seconds at most — or undefined.
 */
export function usePreparedSession(options: {
  repositoryId: string;
  branch: string | null;
  isTyping: boolean;
}): () => Promise<string | undefined> {
  const trpc = useTRPC();
  const { mutateAsync } = useMutation(trpc.session.prepare.mutationOptions());
  const latest = useRef<Preparation | null>(null);
  const key = `${options.repositoryId}\n${options.branch ?? ""}`;
  const { repositoryId, branch, isTyping } = options;

  useEffect(() => {
    if (!isTyping || !repositoryId) return;
    let rounds = 0;
    const prepare = () => {
      const id = mutateAsync({ repositoryId, baseBranch: branch ?? undefined }).then(
        ({ preparedSessionId }) => preparedSessionId,
        () => undefined,
      );
      // A refresh answers with the same session; until it does, the earlier answer stands.
      const earlier = latest.current?.key === key ? latest.current.id : undefined;
      latest.current = { key, id: earlier ? id.then((answer) => answer ?? earlier) : id };
    };
    prepare();
    // Kept warm while the page stays open with a prompt in it, for half an hour at most.
    const timer = setInterval(() => {
      if (++rounds >= MAX_REFRESHES) clearInterval(timer);
      prepare();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [key, isTyping, repositoryId, branch, mutateAsync]);

  return useCallback(async () => {
    const preparation = latest.current;
    if (preparation?.key !== key) return undefined;
    const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), SUBMIT_WAIT_MS));
    return Promise.race([preparation.id, timeout]);
  }, [key]);
}
