// The browser's query client: invalidating a query whose first load is still in flight (a list
// asked for as the page opened, a token created before it arrived) fetches it again, so the list
// shows what changed. TanStack Query on its own finishes that first load instead, with what it
// read before the change: the flaky "Revoke laptop" of tests/e2e/public-api.spec.ts.
import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { makeQueryClient } from "@/lib/trpc/client";

/** A list whose server answers when told to, with what it held when it was asked. */
function slowList() {
  const stored: string[] = [];
  const answers: Array<() => void> = [];
  const queryFn = () => {
    const snapshot = [...stored];
    return new Promise<string[]>((resolve) => answers.push(() => resolve(snapshot)));
  };
  return { stored, answers, queryFn };
}

async function createdDuringFirstLoad(client: QueryClient) {
  const list = slowList();
  const observer = new QueryObserver(client, { queryKey: ["tokens"], queryFn: list.queryFn });
  const unsubscribe = observer.subscribe(() => {});
  await Promise.resolve();
  list.stored.push("laptop"); // The token is created while the first load is in flight…
  const refreshed = client.invalidateQueries({ queryKey: ["tokens"] });
  await new Promise((resolve) => setTimeout(resolve, 0));
  list.answers[0]?.(); // …whose answer, read before, arrives afterwards.
  await new Promise((resolve) => setTimeout(resolve, 0));
  list.answers[1]?.();
  await refreshed;
  await new Promise((resolve) => setTimeout(resolve, 0));
  unsubscribe();
  return client.getQueryData<string[]>(["tokens"]);
}

describe("the browser's query client", () => {
  it("shows what changed while a list was still on its first load", async () => {
    expect(await createdDuringFirstLoad(makeQueryClient())).toEqual(["laptop"]);
  });

  it("is needed: TanStack Query's own client keeps the first load's stale answer", async () => {
    expect(await createdDuringFirstLoad(new QueryClient())).toEqual([]);
  });
});
