// The sandbox provider this control plane uses. Only the local provider exists so far; the
// Vercel Sandbox provider will be chosen by configuration here.
import { existsSync } from "node:fs";
import path from "node:path";
import { type Env, getEnv } from "../env";
import { createLocalProvider } from "./local/local-provider";
import type { SandboxProvider } from "./provider";

let provider: SandboxProvider | undefined;

export function getSandboxProvider(env: Env = getEnv()): SandboxProvider {
  provider ??= createLocalProvider({
    rootDir: path.resolve(env.NIGHTSHIFT_DATA_DIR, "sandboxes"),
    isolation: env.NIGHTSHIFT_SANDBOX_ISOLATION,
    bridgeBundle: bridgeBundlePath(),
    opencodeBin: env.NIGHTSHIFT_OPENCODE_BIN ?? findOpencodeBinary(),
  });
  return provider;
}

export function describeSandboxes(env: Env): string {
  return `sandboxes: local, under ${path.resolve(env.NIGHTSHIFT_DATA_DIR, "sandboxes")} (isolation: ${env.NIGHTSHIFT_SANDBOX_ISOLATION})`;
}

/** The bundled bridge, built by `npm run build:bridge` (and by npm install, npm run dev and npm test). */
export function bridgeBundlePath(): string {
  return path.resolve("sandbox/bridge/dist/bridge.mjs");
}

/** OpenCode's binary from the opencode-ai package's platform build, as npm installed it. */
export function findOpencodeBinary(): string {
  const arch = process.arch === "x64" ? "x64" : process.arch;
  const candidates = ["", "-baseline", "-musl", "-baseline-musl"].map((variant) =>
    path.resolve("node_modules", `opencode-${process.platform}-${arch}${variant}`, "bin", "opencode"),
  );
  return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0]!;
}
