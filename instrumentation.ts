// Runs once when the Next.js server starts: a bad configuration stops it here, with a message
// naming each variable, before any request is served.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getEnv } = await import("./server/env");
  getEnv();
}
