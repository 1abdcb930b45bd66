// The agent's Nightshift tools. The bridge writes each into OpenCode's global tools folder
// (~/.config/opencode/tools) and answers them on loopback, with a key only OpenCode's process is
// given: `create-pull-request` (sandbox/tools) posts here, and the bridge does the rest.
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { z } from "zod";

/** The bundled tool's source, put in by scripts/build-bridge.ts. */
declare const NIGHTSHIFT_CREATE_PULL_REQUEST_TOOL: string;

export const TOOLS_ENV = { url: "NIGHTSHIFT_TOOLS_URL", key: "NIGHTSHIFT_TOOLS_KEY" } as const;

export const pullRequestToolInput = z.object({
  title: z.string().trim().min(1).max(256),
  body: z.string().max(60_000).default(""),
  base: z.string().trim().min(1).max(255).optional(),
  draft: z.boolean().optional(),
});
export type PullRequestToolInput = z.infer<typeof pullRequestToolInput>;

export function installTools(home: string): void {
  const dir = path.join(home, ".config", "opencode", "tools");
  mkdirSync(dir, { recursive: true });
  const source = typeof NIGHTSHIFT_CREATE_PULL_REQUEST_TOOL === "string" ? NIGHTSHIFT_CREATE_PULL_REQUEST_TOOL : null;
  if (source) writeFileSync(path.join(dir, "create-pull-request.js"), source);
}

export type ToolServer = { env: Record<string, string>; close(): void };

/** Answers POST /pull-request; a failure's message goes back to the agent as the tool's result. */
export async function startToolServer(
  openPullRequest: (input: PullRequestToolInput) => Promise<string>,
): Promise<ToolServer> {
  const key = randomBytes(24).toString("base64url");
  const server = createServer((req, res) => {
    const reply = (status: number, body: object) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.headers.authorization !== `Bearer ${key}`) return reply(401, { error: "not this sandbox's tool key" });
    if (req.method !== "POST" || req.url !== "/pull-request") return reply(404, { error: "no such tool" });
    void readJson(req)
      .then((raw) => {
        const input = pullRequestToolInput.safeParse(raw);
        if (!input.success)
          return reply(400, {
            error: input.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "),
          });
        return openPullRequest(input.data).then((message) => reply(200, { message }));
      })
      .catch((error: unknown) => reply(502, { error: error instanceof Error ? error.message : String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { env: { [TOOLS_ENV.url]: `http://127.0.0.1:${port}`, [TOOLS_ENV.key]: key }, close: () => server.close() };
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.on("data", (chunk: Buffer) => (data += chunk.toString("utf8")));
    req.on("end", () => {
      try {
        resolve(JSON.parse(data || "{}"));
      } catch (error) {
        reject(error);
      }
    });
  });
}
