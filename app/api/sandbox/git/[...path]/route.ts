// The session's local repository over git's smart HTTP protocol, for its sandbox's clone and
// push (server/git/local/serve-git.ts): /api/sandbox/git/{repository id}.git/…, with the
// sandbox's short-lived git credentials.
import { serveLocalGit } from "@/server/git/local/serve-git";

// Packs stream through as they come; nothing here may be cached or prerendered.
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ path: string[] }> };

export async function GET(req: Request, context: Context) {
  return serveLocalGit(req, (await context.params).path);
}

export async function POST(req: Request, context: Context) {
  return serveLocalGit(req, (await context.params).path);
}
