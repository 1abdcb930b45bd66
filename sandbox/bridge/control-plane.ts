// HTTP to the control plane, always from the sandbox outwards, with the sandbox's token. Each
// reply is parsed with the protocol's schema for it.
import { z } from "zod";
import { BRIDGE_PATHS, okReplySchema } from "./protocol";

const errorReplySchema = z.object({ error: z.object({ message: z.string() }) });

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The control plane no longer accepts this sandbox (it was stopped or declared lost). */
export function isRevoked(error: unknown): boolean {
  return error instanceof HttpError && error.status === 401;
}

export type ControlPlane = ReturnType<typeof createControlPlane>;

export function createControlPlane(baseUrl: string, token: string) {
  async function request<Reply extends z.ZodType>(
    method: "GET" | "POST",
    path: string,
    body: unknown,
    reply: Reply,
    timeoutMs = 15_000,
  ): Promise<z.output<Reply>> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (!response.ok) {
      const message = errorReplySchema.safeParse(parseJson(text)).data?.error.message ?? text.slice(0, 500);
      throw new HttpError(response.status, `${method} ${path}: ${response.status} ${message}`);
    }
    return reply.parse(JSON.parse(text));
  }
  return {
    request,
    heartbeat: () => request("POST", BRIDGE_PATHS.heartbeat, {}, okReplySchema),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function backoff(attempt: number, maxMs = 5_000): number {
  const base = Math.min(maxMs, 200 * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
