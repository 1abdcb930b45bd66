// The model gateway (server/models/gateway/gateway.ts): POST /api/sandbox/models/{provider}/{call},
// where {call} is messages, responses or chat/completions, with the sandbox's gateway token as the key.
import { forwardModelCall } from "@/server/models/gateway/gateway";

// Streams pass through as they arrive; nothing here may be cached or prerendered.
export const dynamic = "force-dynamic";

export async function POST(req: Request, context: { params: Promise<{ provider: string; path: string[] }> }) {
  return forwardModelCall(req, await context.params);
}
