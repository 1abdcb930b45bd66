// Runs once when the Next.js server starts: a bad configuration stops it here, with a message
// naming each variable, before any request is served. Then the jobs backend starts: pg-boss
// workers in this process (the embedded default), or nothing to start for Inngest.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getEnv } = await import("./server/env");
  getEnv();
  const { startJobs, describeJobs } = await import("./server/jobs/queue");
  const { allJobs } = await import("./server/jobs/registry");
  const { describeSandboxes } = await import("./server/sandboxes/get-provider");
  await startJobs({ jobs: allJobs });
  console.log(describeJobs());
  console.log(describeSandboxes(getEnv()));
}
