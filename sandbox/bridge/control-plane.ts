// HTTP to the control plane, always from the sandbox outwards, with the sandbox's token.
import { BRIDGE_PATHS } from "./protocol";

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
  async function request<T>(method: "GET" | "POST", path: string, body?: unknown, timeoutMs = 15_000): Promise<T> {
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
      let message = text.slice(0, 500);
      try {
        message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
      } catch {
        // Not JSON: keep the text.
      }
      throw new HttpError(response.status, `${method} ${path}: ${response.status} ${message}`);
    }
    return JSON.parse(text) as T;
  }
  return {
    request,
    heartbeat: () => request<{ ok: true }>("POST", BRIDGE_PATHS.heartbeat, {}),
  };
}

export function backoff(attempt: number, maxMs = 5_000): number {
  const base = Math.min(maxMs, 200 * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
