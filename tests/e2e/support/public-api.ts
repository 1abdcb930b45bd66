// The public API as a script would use it against a running app: a token from `npm run token`
// (against the app's embedded database, found through its data directory), then /api/v1 calls.
import { execFileSync } from "node:child_process";

export type ApiReply = { status: number; json: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
export type Api = (pathname: string, token: string, body?: unknown) => Promise<ApiReply>;

/** `npm run token -- create --email …`; `mode` is how the app was started (npm run dev or npm start). */
export function createToken(dataDir: string, email: string, mode: "dev" | "production"): string {
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    NIGHTSHIFT_DATA_DIR: dataDir,
    ...(mode === "dev"
      ? { NODE_ENV: "development" as const }
      : { NODE_ENV: "production" as const, NIGHTSHIFT_ALLOW_DEV_SIGNIN: "true" }),
  };
  return execFileSync("npm", ["run", "--silent", "token", "--", "create", "--email", email], {
    env,
    encoding: "utf8",
  }).trim();
}

/** Calls /api/v1 on `baseUrl`: GET without a body, POST with one. */
export function publicApi(baseUrl: () => string): Api {
  return async (pathname, token, body) => {
    const response = await fetch(`${baseUrl()}/api/v1${pathname}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as ApiReply["json"] };
  };
}
