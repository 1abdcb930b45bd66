// Runs once when the Next.js server starts: a bad configuration stops it here, with a message
// naming each variable, before any request is served. Then the jobs backend starts — pg-boss
// workers in this process (the embedded default), or nothing to start for Inngest — and one line
// per port says what serves it (server/adapters.ts).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getEnv } = await import("./server/env");
  const env = getEnv();
  const { startJobs } = await import("./server/jobs/queue");
  const { allJobs } = await import("./server/jobs/registry");
  await startJobs({ jobs: allJobs });
  const { startupSummary } = await import("./server/adapters");
  const { loadModelProviders } = await import("./server/models/providers");
  const models = await loadModelProviders({ env }).catch((error: unknown) =>
    error instanceof Error ? error : new Error(String(error)),
  );
  for (const line of startupSummary(env, models)) console.log(`nightshift  ${line}`);
}
