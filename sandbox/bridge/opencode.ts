// `opencode serve` on loopback with a generated configuration and a random password, and a
// small client for the parts of its HTTP API the bridge uses.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { scriptEnv } from "./boot";
import type { BridgeConfig } from "./config";
import { sleep } from "./control-plane";
import { freePort } from "./free-port";
import { log } from "./log";

/** An event of /event: its type and properties (translate.ts parses the properties it reads). */
const opencodeEventSchema = z.object({ type: z.string(), properties: z.record(z.string(), z.unknown()).prefault({}) });
export type OpencodeEvent = z.infer<typeof opencodeEventSchema>;

export type OpencodeServer = {
  url: string;
  process: ChildProcess;
  request<T>(method: "GET" | "POST", pathname: string, body?: unknown): Promise<T>;
  /** Whether the server answers its health check (within 2 s). */
  isHealthy(): Promise<boolean>;
  /** Calls onEvent for each event of /event until the server goes away. */
  subscribe(onEvent: (event: OpencodeEvent) => void): Promise<void>;
  stop(signal?: NodeJS.Signals): void;
};

const STARTUP_TIMEOUT_MS = 60_000;

/** `extraEnv`: what the agent's Nightshift tools need (tools.ts). */
export async function startOpencode(
  config: BridgeConfig,
  extraEnv: Record<string, string> = {},
): Promise<OpencodeServer> {
  const password = randomBytes(24).toString("base64url");
  const configFile = path.join(config.stateDir, "opencode.json");
  writeFileSync(configFile, config.agentConfig);
  // Sandboxes share the machine's network: "--port 0" would have every OpenCode try 4096 first,
  // so pick a free port here instead. The real address is still read from its output.
  const child = spawn(config.opencodeBin, ["serve", "--port", String(await freePort()), "--hostname", "127.0.0.1"], {
    cwd: config.repoDir,
    env: {
      ...scriptEnv(),
      ...extraEnv,
      OPENCODE_CONFIG: configFile,
      OPENCODE_SERVER_PASSWORD: password,
      OPENCODE_DISABLE_MODELS_FETCH: "1",
      OPENCODE_DISABLE_AUTOUPDATE: "1",
      OPENCODE_DISABLE_LSP_DOWNLOAD: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr?.on("data", (chunk: Buffer) => process.stderr.write(`opencode: ${chunk.toString("utf8")}`));

  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(
      () =>
        reject(new Error(`opencode serve did not start within ${STARTUP_TIMEOUT_MS / 1000} s: ${output.slice(-500)}`)),
      STARTUP_TIMEOUT_MS,
    );
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const match = /opencode server listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1].replace(/\/+$/, ""));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`opencode serve exited with code ${code} while starting: ${output.slice(-500)}`));
    });
  });

  const authorization = `Basic ${Buffer.from(`opencode:${password}`).toString("base64")}`;
  async function request<T>(method: "GET" | "POST", pathname: string, body?: unknown): Promise<T> {
    const response = await fetch(`${url}${pathname}`, {
      method,
      headers: { authorization, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`opencode ${method} ${pathname}: ${response.status} ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  for (let attempt = 0; ; attempt += 1) {
    try {
      await request("GET", "/global/health");
      break;
    } catch (error) {
      if (attempt > 100) throw error;
      await sleep(100);
    }
  }

  return {
    url,
    process: child,
    request,
    async isHealthy() {
      try {
        const response = await fetch(`${url}/global/health`, {
          headers: { authorization },
          signal: AbortSignal.timeout(2_000),
        });
        return response.ok;
      } catch {
        return false;
      }
    },
    async subscribe(onEvent) {
      const response = await fetch(`${url}/event`, { headers: { authorization, accept: "text/event-stream" } });
      if (!response.ok || !response.body) throw new Error(`opencode /event: ${response.status}`);
      const decoder = new TextDecoder();
      let buffer = "";
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let boundary = buffer.indexOf("\n\n");
        while (boundary >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const data = block
            .split("\n")
            .filter((line) => line.startsWith("data:"))
            .map((line) => line.slice(5).trimStart())
            .join("\n");
          if (data) {
            try {
              const event = opencodeEventSchema.safeParse(JSON.parse(data));
              if (event.success) onEvent(event.data);
              else log("OpenCode sent an event the bridge cannot read", { data: data.slice(0, 200) });
            } catch (error) {
              log("could not handle an OpenCode event", { error });
            }
          }
          boundary = buffer.indexOf("\n\n");
        }
      }
    },
    stop(signal: NodeJS.Signals = "SIGTERM") {
      child.kill(signal);
    },
  };
}
